/**
 * The terminal view of a sweep: per grid point, its outcomes with their 95% intervals, then the
 * metrics that varied between runs (mean, 95% CI of the mean, sd, p5, p50, p95). Metrics equal in
 * every run are counted, not listed: sweep.csv has them all. Pure: returns text.
 */

import { toJson } from "../report/format.js";
import { displayNumber, renderColumns } from "../report/summary-table.js";
import { escapeControls } from "../scenario/errors.js";
import type { SweepReport } from "./aggregate.js";
import type { MetricSummary } from "./stats.js";

function interval(ci: readonly [number, number] | null, show: (n: number) => string): string {
  return ci === null ? "-" : `[${show(ci[0])}, ${show(ci[1])}]`;
}

/** A proportion with three decimals. */
function share(n: number | null): string {
  return n === null ? "-" : n.toFixed(3);
}

function varies(m: MetricSummary): boolean {
  return m.n > 0 && m.min !== m.max;
}

function seedsText(seeds: readonly number[]): string {
  if (seeds.length === 0) return "no seeds";
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return consecutive ? `seeds ${seeds[0]}..${seeds[seeds.length - 1]}` : `${seeds.length} seeds`;
}

/** The sweep as text, ending with a newline. */
export function renderSweep(report: SweepReport): string {
  const lines: string[] = [];
  lines.push(
    `${escapeControls(report.scenario.name)}: ${report.points.length} grid point(s) × ${seedsText(report.seeds)}`,
  );
  if (report.stopping) {
    const targets = report.stopping.untilCi.map((t) => `${t.metric} ±${t.halfWidth}`).join(", ");
    lines.push(
      report.stopping.met
        ? `--until-ci ${targets}: met with ${report.seeds.length} seeds`
        : `--until-ci ${targets}: NOT met; stopped at --max-seeds ${report.stopping.maxSeeds}`,
    );
  }
  for (const point of report.points) {
    const params = Object.entries(point.params)
      .map(([k, v]) => `${k}=${toJson(v, 0)}`)
      .join(" ");
    lines.push("", escapeControls(`${point.id}${params === "" ? "" : ` ${params}`}: ${point.n} runs`));
    const outcomes = Object.entries(point.outcomes).map(([name, o]) => [
      escapeControls(name),
      share(o.p),
      interval(o.ci95, (x) => x.toFixed(3)),
      `${o.count}/${o.n}`,
    ]);
    if (outcomes.length > 0) lines.push(...renderColumns([["OUTCOME", "P", "95% CI", "RUNS"], ...outcomes]));
    const entries = Object.entries(point.metrics);
    const shown = entries.filter(([, m]) => varies(m));
    if (shown.length > 0) {
      const rows = shown.map(([name, m]) => [
        escapeControls(name),
        String(m.n),
        displayNumber(m.mean),
        interval(m.ci95, displayNumber),
        displayNumber(m.sd),
        displayNumber(m.p5),
        displayNumber(m.p50),
        displayNumber(m.p95),
      ]);
      lines.push(
        "",
        ...renderColumns([["METRIC", "N", "MEAN", "95% CI", "SD", "P5", "P50", "P95"], ...rows]),
      );
    }
    const same = entries.length - shown.length;
    if (same > 0) lines.push(`(${same} metric(s) equal in every run or without data: see sweep.csv)`);
  }
  return `${lines.join("\n")}\n`;
}
