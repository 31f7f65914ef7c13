/**
 * jobsim's public library API: load a scenario, run it or sweep it over seeds, read and compare
 * reports. Re-exports only; see README.md for the command line.
 */
export { type Clock, FakeClock } from "./engine/clock.js";
export { SchedulingError } from "./engine/errors.js";
export { Priority } from "./engine/priorities.js";
export { type EventHandle, type EventHandler, Simulator } from "./engine/simulator.js";
export * from "./engine/time.js";
export type { StoreListener, WatchType } from "./k8s/store.js";
export type * from "./k8s/types.js";
export type { Distribution } from "./rand/distributions.js";
export { type RandomStream, RandomStreams, type StreamFactory } from "./rand/streams.js";
export { type Comparison, compareReports, parseThreshold, type Threshold } from "./report/compare.js";
export { ReportInputError, ReportWriteError } from "./report/errors.js";
export { toJson } from "./report/format.js";
export { type PageContext, pageContextOf, renderReportHtml } from "./report/html/index.js";
export { renderComparisonMarkdown, renderSummaryMarkdown } from "./report/markdown.js";
export { readReport } from "./report/read-report.js";
export { ScheduleSpill } from "./report/schedule-spill.js";
export { renderSummary } from "./report/summary-table.js";
export { type TraceEvent, traceEvents, writeTrace } from "./report/trace.js";
export type * from "./report/types.js";
export { writeReport } from "./report/write.js";
export { estimateRun, type RunEstimate } from "./run/estimate.js";
export { EventLimitReached, type RunProgress } from "./run/event-limit.js";
export { KUBERNETES_VERSION, type RunOptions, type RunResult, runScenario } from "./run/run.js";
export { type LoadOptions, type LoadResult, loadScenario } from "./scenario/load.js";
export type * from "./scenario/types.js";
export { expandGrid, type GridOptions, type GridResult } from "./sweep/grid.js";
export {
  type MetricSummary,
  type ProportionSummary,
  RunFailedError,
  SweepInputError,
  type SweepOptions,
  type SweepPointReport,
  type SweepReport,
  type SweepResult,
  sweep,
} from "./sweep/index.js";
export type { GridPoint } from "./sweep/types.js";
