/**
 * Sweeps: many seeds of a scenario or of the points of a what-if grid, summarized with
 * confidence intervals. The entry point of this layer (it sits above the simulation: it calls
 * runScenario and nothing below calls it).
 */
export type {
  RunRecord,
  RunTable,
  StoppingReport,
  SweepConfig,
  SweepPointReport,
  SweepReport,
  SweepScenario,
} from "./aggregate.js";
export { compareSweeps, type SweepComparison, type SweepSide, sweepSide } from "./compare-sweeps.js";
export { renderSweepComparison, renderSweepComparisonMarkdown } from "./compare-table.js";
export {
  DEFAULTS as EMIT_JOB_DEFAULTS,
  type EmitJobOptions,
  emitMergeJob,
  emitSweepJob,
} from "./emit-job.js";
export { RunFailedError, SweepInputError } from "./errors.js";
export {
  checkPartialFolder,
  SWEEP_FILES,
  stageSweepFolder,
  writePartialFile,
  writeSweepFiles,
  writeSweepInto,
} from "./files.js";
export { type Expr, ExpressionError, holds, parseOutcome } from "./outcome-expr.js";
export { FAILED_OUTCOME, MISSED_OUTCOME, type OutcomeDefinition } from "./outcomes.js";
export {
  mergePartials,
  partialFileName,
  type ReadPartial,
  readPartials,
  type SweepPartial,
} from "./partial.js";
export { DEFAULT_SEEDS, MAX_RUNS, parseShard, type Shard } from "./plan.js";
export { isSweepPath, type ReadSweep, readSweep } from "./read-sweep.js";
export { type MetricSummary, type ProportionSummary, summarize, tQuantile, wilsonInterval } from "./stats.js";
export { type SweepOptions, type SweepResult, singlePoint, sweep, sweepShard } from "./sweep.js";
export { renderSweep } from "./table.js";
export type { GridPoint } from "./types.js";
