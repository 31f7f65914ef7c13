/**
 * One run of a sweep: a scenario with the seed replaced, simulated, and reduced to its flattened
 * summary metrics. Rows of Jobs, pods and events go nowhere, so a run holds only its live
 * objects and the sweep keeps a few numbers per run, never a report.
 */

import { flattenSummary } from "../report/flatten.js";
import { normalizeNumber } from "../report/format.js";
import type { RowSinks } from "../report/recorder.js";
import { runScenario } from "../run/run.js";
import type { Scenario } from "../scenario/types.js";

/** The summary of one run: metric names in report order, and their values as report.json writes them. */
export interface RunMetrics {
  names: string[];
  /** Rounded as report files round (6 decimals), so a value read back from a file is the same number. */
  values: (number | null)[];
  warnings: string[];
}

/** Sinks that drop every finished row: a sweep needs the summary only. */
const DISCARD: RowSinks = { job() {}, pod() {}, event() {} };

/** Run `scenario` with `seed` in place of its own (at most `maxEvents` events when given). */
export function runOnce(scenario: Scenario, seed: number, maxEvents?: number): RunMetrics {
  const seeded: Scenario = { ...scenario, simulation: { ...scenario.simulation, seed } };
  const { report, warnings } = runScenario(seeded, {
    sinks: DISCARD,
    ...(maxEvents === undefined ? {} : { maxEvents }),
  });
  const rows = flattenSummary(report.summary);
  return {
    names: rows.map((r) => r[0]),
    values: rows.map((r) => (r[1] === null ? null : normalizeNumber(r[1]))),
    warnings,
  };
}
