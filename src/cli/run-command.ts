/**
 * `sim run`: simulate a scenario and write its report folder (and a trace), then print the
 * summary. Loaded only for this command, with the simulator and the report writers it needs.
 */
import path from "node:path";
import { asReportWriteError } from "../report/errors.js";
import { pageContextOf } from "../report/html/index.js";
import { type JobSelection, parseJobSelection } from "../report/job-selection.js";
import { renderSummaryMarkdown } from "../report/markdown.js";
import { openRowStreams } from "../report/stream.js";
import { renderSummary } from "../report/summary-table.js";
import type { Report } from "../report/types.js";
import { parseFileSelection, stageReport, writeReportFiles } from "../report/write.js";
import { EventLimitReached } from "../run/event-limit.js";
import { runScenario } from "../run/run.js";
import type { Scenario } from "../scenario/types.js";
import { EXIT_OK, type Output, type OutputFormat } from "./output.js";
import { createProgress } from "./progress.js";
import { checkRunSize, loadScenario, warn } from "./scenario-input.js";
import { parseTracePath, stageTrace } from "./trace-option.js";
import { UserError } from "./user-error.js";

function parseSeed(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UserError(`--seed: expected a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** `--max-events`: a positive integer, or undefined when not given. */
function parseMaxEvents(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) === 0) {
    throw new UserError(`--max-events: expected a positive integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** The `--out` folder as given, refusing an empty one and a repeated flag. */
function parseOut(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--out: given ${raw.length} times; name one report folder`);
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new UserError("--out: expected a folder path, got an empty one");
  }
  return raw;
}

/** `--files`: the set of file names, or undefined for all; throws UserError on unknown names. */
function parseFiles(raw: unknown): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseFileSelection(Array.isArray(raw) ? raw.map(String) : String(raw));
  if (typeof parsed === "string") throw new UserError(`--files: ${parsed}`);
  return parsed;
}

/** `--jobs`: which Jobs the summary lists; throws UserError when malformed. */
function parseJobs(raw: unknown): JobSelection {
  if (Array.isArray(raw)) throw new UserError(`--jobs: given ${raw.length} times; give one selection`);
  const parsed = parseJobSelection(raw === undefined ? undefined : String(raw));
  if (typeof parsed === "string") throw new UserError(`--jobs: ${parsed}`);
  return parsed;
}

export interface RunArgs {
  scenario: string;
  out?: unknown;
  files?: unknown;
  trace?: unknown;
  jobs?: unknown;
  format: OutputFormat;
  seed?: unknown;
  summaryOnly: boolean;
  maxEvents?: unknown;
  progress: boolean;
  quiet: boolean;
  color: boolean;
}

export async function cmdRun(io: Output, args: RunArgs): Promise<number> {
  const seed = parseSeed(args.seed);
  const out = parseOut(args.out);
  const maxEvents = parseMaxEvents(args.maxEvents);
  const files = parseFiles(args.files);
  const jobs = parseJobs(args.jobs);
  const scenario = await loadScenario(io, args.scenario, seed);
  checkRunSize(io, scenario, args.summaryOnly);
  const dir = out ?? path.join("reports", scenario.simulation.name);
  const trace = parseTracePath(args.trace, dir, args.summaryOnly);
  // Before simulating: a place the report cannot go fails at once, with nothing written.
  const folder = stageReport(dir);
  const render = (report: Report): string => {
    if (args.quiet) return "";
    return args.format === "md"
      ? renderSummaryMarkdown(report)
      : renderSummary(report, { color: args.color, jobs });
  };
  let result: ReturnType<typeof runScenario>;
  let summary: string;
  try {
    ({ result, summary } = simulateInto(folder.staging, scenario, args, maxEvents, files, render));
  } catch (error) {
    folder.abort();
    if (error instanceof EventLimitReached) throw new UserError(`${error.message}; nothing was written`);
    throw asReportWriteError(error, folder.out);
  }
  const { report, warnings } = result;
  let traceFile: ReturnType<typeof stageTrace> | null = null;
  try {
    if (trace !== undefined) traceFile = stageTrace(trace, report);
  } catch (error) {
    folder.abort();
    throw error;
  }
  try {
    await folder.commitAsync();
  } catch (error) {
    traceFile?.abort();
    throw error;
  }
  try {
    traceFile?.commit();
  } catch (error) {
    traceFile?.abort();
    throw asReportWriteError(error, trace ?? "");
  }
  warn(io, warnings);
  const written = `report written to ${dir}/${trace === undefined ? "" : `, trace to ${trace}`}\n`;
  if (!args.quiet && scenario.sweep !== undefined) {
    // With markdown on stdout, the note goes with the other words for the terminal.
    const note = `${scenario.file} has a sweep grid of ${scenario.sweep.points} point(s): sim run runs the scenario as written, without the grid\n`;
    if (args.format === "md") io.err(note);
    else io.out(note);
  }
  io.out(summary);
  // With markdown, stdout holds it alone, ready to paste; where things went is for the terminal.
  if (args.format === "md") io.err(written);
  else io.out(written);
  return EXIT_OK;
}

/**
 * Run `scenario` and write its report files into `staging`. With --summary-only the per-object
 * CSVs stream there meanwhile, and the CronJob instants wait on disk until their files are written.
 */
function simulateInto(
  staging: string,
  scenario: Scenario,
  args: RunArgs,
  maxEvents: number | undefined,
  files: ReadonlySet<string> | undefined,
  render: (report: Report) => string,
): { result: ReturnType<typeof runScenario>; summary: string } {
  const progress = createProgress(args.progress && !args.quiet, scenario.simulation.name);
  // --summary-only streams the per-object CSVs while simulating, so memory stays flat.
  const streams = args.summaryOnly ? openRowStreams(staging, files) : null;
  let result: ReturnType<typeof runScenario>;
  try {
    result = runScenario(scenario, {
      onProgress: (f) => progress.update(f),
      ...(streams ? { sinks: streams.sinks, scheduleSpill: streams.scheduleSpill } : {}),
      ...(maxEvents === undefined ? {} : { maxEvents }),
    });
    streams?.commit();
  } catch (error) {
    streams?.abort();
    throw error;
  } finally {
    progress.stop();
  }
  try {
    writeReportFiles(staging, result.report, {
      summaryOnly: args.summaryOnly,
      page: pageContextOf(scenario),
      ...(files === undefined ? {} : { files }),
    });
    // While the CronJob instants a --summary-only run keeps on disk can still be read.
    return { result, summary: render(result.report) };
  } finally {
    streams?.release();
  }
}
