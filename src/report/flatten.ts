/**
 * The summary tree as dotted metric names (`jobs.failedByReason.BackoffLimitExceeded`), the
 * form summary.csv and `sim compare --threshold` use. Order is the tree's insertion order,
 * which the report builder controls.
 */
import type { SummaryTree } from "./types.js";

/** One summary metric: its dotted name and value (`null`: no data, e.g. a p99 of nothing). */
export type MetricRow = readonly [name: string, value: number | null];

/** Every leaf of `tree` as `[dottedName, value]`, depth first, in insertion order. */
export function flattenSummary(tree: SummaryTree, prefix = ""): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === "object") rows.push(...flattenSummary(value, name));
    else rows.push([name, value]);
  }
  return rows;
}

/**
 * The value of the metric `name` in `tree`: a number, `null` when it is present without data,
 * or `undefined` when there is no such metric (or `name` names a subtree).
 */
export function lookupMetric(tree: SummaryTree, name: string): number | null | undefined {
  // Walk key by key rather than split on dots, so a key that itself holds a dot still resolves.
  for (const [key, value] of Object.entries(tree)) {
    if (name === key) return value !== null && typeof value === "object" ? undefined : value;
    if (name.startsWith(`${key}.`) && value !== null && typeof value === "object") {
      const found = lookupMetric(value, name.slice(key.length + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
