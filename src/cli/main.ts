import path from "node:path";
import yargs from "yargs";
import { explain } from "../explain/explain.js";
import { renderStoryJson, renderStoryText } from "../explain/story.js";
import { isFileReadError } from "../io/read-regular-file.js";
import { type InputStream, readStdin, STDIN_NAME } from "../io/read-stdin.js";
import { compareReports, parseThreshold } from "../report/compare.js";
import { renderComparison } from "../report/compare-table.js";
import { asReportWriteError, ReportInputError, ReportWriteError } from "../report/errors.js";
import { foldWarnings } from "../report/fold-warnings.js";
import { pageContextOf } from "../report/html/index.js";
import { type JobSelection, parseJobSelection } from "../report/job-selection.js";
import { renderComparisonMarkdown, renderSummaryMarkdown } from "../report/markdown.js";
import { readReport, readReportFile } from "../report/read-report.js";
import { openRowStreams } from "../report/stream.js";
import { renderSummary } from "../report/summary-table.js";
import type { Report } from "../report/types.js";
import { parseFileSelection, REPORT_FILE_NAMES, stageReport, writeReportFiles } from "../report/write.js";
import { estimateRun, fullReportRefusal, largeRunWarning } from "../run/estimate.js";
import { EventLimitReached } from "../run/event-limit.js";
import { runScenario } from "../run/run.js";
import { MAX_YAML_FILE_BYTES } from "../scenario/limits.js";
import type { Scenario } from "../scenario/types.js";
import { createProgress } from "./progress.js";
import { loadGrid, SET_OPTION, setFlagsOf } from "./set-flags.js";
import { cmdCompareSweeps, comparesSweeps, sweepCommands } from "./sweep-command.js";
import { parseTracePath, stageTrace } from "./trace-option.js";
import { isUserError, UserError } from "./user-error.js";

/** Exit codes of the report contract. */
export const EXIT_OK = 0;
export const EXIT_THRESHOLD_BREACHED = 1;
export const EXIT_INTERNAL = 1;
export const EXIT_USER_ERROR = 2;

/** Where the CLI writes (and `sim run -` reads); tests capture it. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, for a scenario named `-`; default the process's. */
  stdin?: InputStream;
}

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function parseSeed(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UserError(`--seed: expected a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * What a bare `-` argument becomes before yargs parses the command line: yargs reads `-` as an
 * empty group of short flags (the positional turns into ""). A NUL cannot occur in a real
 * argument, so this stands for `-` unambiguously; {@link dash} turns it back for other values.
 */
const STDIN_ARG = "\u0000-";

/** An option's value as typed: the `-` that STDIN_ARG stands for restored. */
function dash<T>(value: T): T | string {
  return value === STDIN_ARG ? "-" : value;
}

/**
 * Load a scenario or throw a UserError listing every located error (`forRun`: say nothing was
 * written). `-` reads it from standard input, within a scenario file's size limit. A scenario
 * with a sweep grid is checked point by point as `sim validate` does, even though `sim run`
 * runs it as written: a file with a mistake anywhere is refused by every command alike.
 */
async function load(io: Output, file: string, seedOverride?: number, forRun = true): Promise<Scenario> {
  const { shown, text } = await scenarioSource(io, file, forRun);
  const options = {
    ...(seedOverride === undefined ? {} : { seedOverride }),
    ...(text === undefined ? {} : { text }),
  };
  return loadGrid(shown, options, forRun).base;
}

/** The scenario's name for messages, and its text when `file` is `-` (standard input). */
async function scenarioSource(
  io: Output,
  file: string,
  forRun: boolean,
): Promise<{ shown: string; text: string | undefined }> {
  if (file !== STDIN_ARG) return { shown: file, text: undefined };
  try {
    return { shown: STDIN_NAME, text: await readStdin(io.stdin ?? process.stdin, MAX_YAML_FILE_BYTES) };
  } catch (error) {
    if (!isFileReadError(error)) throw error;
    const tail = forRun ? "; nothing was written" : "";
    throw new UserError(`cannot read the scenario from standard input: ${error.message}${tail}`);
  }
}

/** Print warnings on stderr, repeats folded into one line with a count (fold-warnings.ts). */
function warn(io: Output, warnings: readonly string[]): void {
  for (const w of foldWarnings(warnings)) io.err(`warning: ${w}\n`);
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

/**
 * Before a run: warn when the estimated size is large, and refuse (exit 2, nothing written) a
 * full report that would not fit in memory. `summaryOnly` undefined: `sim validate`, which
 * warns as for a full run.
 */
function checkRunSize(io: Output, scenario: Scenario, summaryOnly: boolean | undefined): void {
  const estimate = estimateRun(scenario);
  if (summaryOnly === false) {
    const refusal = fullReportRefusal(estimate);
    if (refusal !== null) throw new UserError(`${scenario.file}: ${refusal}; nothing was written`);
  }
  const warning = largeRunWarning(estimate, summaryOnly ?? false);
  if (warning !== null) warn(io, [warning]);
}

async function cmdValidate(io: Output, file: string, set: readonly string[]): Promise<number> {
  const { shown, text } = await scenarioSource(io, file, false);
  // Every point of the grid is checked as a scenario; without a grid the one point is the scenario.
  const grid = loadGrid(shown, { set, ...(text === undefined ? {} : { text }) });
  const scenario = grid.base;
  warn(io, grid.warnings);
  checkRunSize(io, scenario, undefined);
  io.out(
    `${scenario.file}: valid (${scenario.jobs.length} Job(s), ${scenario.cronJobs.length} CronJob(s), ` +
      `${scenario.simulation.workloads.length} workload(s), ${scenario.simulation.actions.length} action(s))\n`,
  );
  if (scenario.sweep !== undefined || set.length > 0) {
    io.out(`${scenario.file}: sweep grid of ${grid.points.length} point(s), every one valid\n`);
  }
  return EXIT_OK;
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

/** `--format`: the terminal table (`text`) or markdown (`md`). */
type OutputFormat = "text" | "md";

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

interface RunArgs {
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

async function cmdRun(io: Output, args: RunArgs): Promise<number> {
  const seed = parseSeed(args.seed);
  const out = parseOut(args.out);
  const maxEvents = parseMaxEvents(args.maxEvents);
  const files = parseFiles(args.files);
  const jobs = parseJobs(args.jobs);
  const scenario = await load(io, args.scenario, seed);
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
    folder.commit();
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

interface CompareArgs {
  base: string;
  /** Undefined: two grid points of the base sweep (`--points`). */
  candidate: string | undefined;
  thresholds: readonly string[];
  format: OutputFormat;
  all: boolean;
  /** `--points BASE,CANDIDATE` of sweeps. */
  points: string | undefined;
  strict: boolean;
}

async function cmdCompare(io: Output, args: CompareArgs): Promise<number> {
  const parsed = args.thresholds.map(parseThreshold);
  if (comparesSweeps(args.base, args.candidate, args.points))
    return cmdCompareSweeps(io, { ...args, thresholds: parsed });
  if (args.candidate === undefined) throw new UserError("name a candidate report to compare with the base");
  const comparison = compareReports(readReport(args.base), readReport(args.candidate), parsed);
  io.out(
    args.format === "md"
      ? renderComparisonMarkdown(comparison, { all: args.all })
      : renderComparison(comparison, { changedOnly: !args.all }),
  );
  return comparison.exitCode === 1 ? EXIT_THRESHOLD_BREACHED : EXIT_OK;
}

function cmdExplain(io: Output, report: string, target: string, format: string): number {
  const story = explain(readReportFile(report), target);
  io.out(format === "json" ? renderStoryJson(story) : renderStoryText(story));
  return EXIT_OK;
}

/**
 * True for the errors the user fixes (exit 2): bad flags or scenario, an unusable report or
 * threshold, a report folder that cannot be written there. Anything else is a jobsim fault.
 */
function isUsersToFix(error: unknown): error is Error {
  return isUserError(error) || error instanceof ReportInputError || error instanceof ReportWriteError;
}

/** Run the `sim` command line; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Output = processOutput): Promise<number> {
  let code = EXIT_OK;
  const args = argv.map((a) => (a === "-" ? STDIN_ARG : a));
  const parser = yargs(args)
    .scriptName("sim")
    .usage("$0 <command> [options]\n\nDeterministic simulator of the Kubernetes Job and CronJob controllers.")
    .command(
      "run <scenario>",
      "simulate a scenario and write its report",
      (y) =>
        y
          .positional("scenario", {
            type: "string",
            demandOption: true,
            describe: "scenario YAML file, or - for standard input",
          })
          .option("out", {
            type: "string",
            describe: "report folder, replaced as a whole (default reports/<metadata.name>/)",
          })
          .option("seed", { type: "string", describe: "seed overriding spec.seed (integer >= 0)" })
          .option("files", {
            type: "string",
            describe: `report files to write, comma-separated (default all: ${REPORT_FILE_NAMES.join(",")})`,
          })
          .option("trace", {
            type: "string",
            describe: "also write a Chrome trace (Perfetto, chrome://tracing) to FILE",
          })
          .option("jobs", {
            type: "string",
            describe:
              "Jobs the summary lists: failed, all, a Job or CronJob name, or label=value (default: failed first)",
          })
          .option("format", {
            choices: ["text", "md"] as const,
            default: "text" as const,
            describe: "summary on stdout as a terminal table or markdown",
          })
          .option("summary-only", {
            type: "boolean",
            default: false,
            describe: "leave jobs, pods and events out of report.json",
          })
          .option("max-events", {
            type: "string",
            describe: "stop after N engine events (exit 2, nothing written)",
          })
          .option("progress", {
            type: "boolean",
            default: true,
            describe: "progress bar on a terminal (--no-progress)",
          })
          .option("quiet", { type: "boolean", default: false, describe: "print only where the report went" })
          .option("color", { type: "boolean", default: false, describe: "color the summary" }),
      async (a) => {
        code = await cmdRun(io, {
          scenario: a.scenario,
          out: dash(a.out),
          files: dash(a.files),
          trace: dash(a.trace),
          jobs: dash(a.jobs),
          format: a.format,
          seed: dash(a.seed),
          summaryOnly: a.summaryOnly,
          maxEvents: dash(a.maxEvents),
          progress: a.progress,
          quiet: a.quiet,
          color: a.color,
        });
      },
    )
    .command(
      "validate <scenario>",
      "check a scenario without running it (every point of its sweep grid too)",
      (y) =>
        y
          .positional("scenario", {
            type: "string",
            demandOption: true,
            describe: "scenario YAML file, or - for standard input",
          })
          .option("set", SET_OPTION),
      async (a) => {
        code = await cmdValidate(io, a.scenario, setFlagsOf(a.set));
      },
    )
    .command(
      "compare <base> [candidate]",
      "compare two reports, two sweeps or two grid points of a sweep; exit 1 when a threshold is breached",
      (y) =>
        y
          .positional("base", {
            type: "string",
            demandOption: true,
            describe: "base report (report.json or its folder), or sweep (sweep.json or its folder)",
          })
          .positional("candidate", {
            type: "string",
            describe: "candidate report or sweep (with --points, default: the base sweep)",
          })
          .option("points", {
            type: "string",
            describe: "BASE,CANDIDATE: grid point ids of the sweeps compared, e.g. p0,p3",
          })
          .option("strict", {
            type: "boolean",
            default: false,
            describe: "sweeps: judge thresholds on the point estimate, not on the 95% interval",
          })
          .option("threshold", {
            type: "string",
            array: true,
            default: [] as string[],
            describe:
              "METRIC=LIMIT, e.g. jobs.failed=0, duration.job.p99=+10%, throughput.jobsSucceededPerHour=-5%",
          })
          .option("all", { type: "boolean", default: false, describe: "list unchanged metrics too" })
          .option("format", {
            choices: ["text", "md"] as const,
            default: "text" as const,
            describe: "a terminal table or a markdown table of the changed metrics",
          }),
      async (a) => {
        code = await cmdCompare(io, {
          base: String(dash(a.base)),
          candidate: a.candidate === undefined ? undefined : String(dash(a.candidate)),
          thresholds: a.threshold.map(dash).map(String),
          format: a.format,
          all: a.all,
          points: a.points,
          strict: a.strict,
        });
      },
    )
    .command(
      "explain <report> <target>",
      "tell the story of one Job, pod or CronJob instant of a report",
      (y) =>
        y
          .positional("report", {
            type: "string",
            demandOption: true,
            describe: "report.json or its folder (a full report: not --summary-only)",
          })
          .positional("target", {
            type: "string",
            demandOption: true,
            describe: "job/NAME, pod/NAME or cronjob/NAME@2026-03-08T02:30 (the CronJob's zone; Z for UTC)",
          })
          .option("format", {
            choices: ["text", "json"] as const,
            default: "text" as const,
            describe: "output",
          }),
      (a) => {
        code = cmdExplain(io, String(dash(a.report)), String(dash(a.target)), a.format);
      },
    );
  sweepCommands(parser, {
    out: (text) => io.out(text),
    err: (text) => io.err(text),
    loadGrid: async (file, set) => {
      const { shown, text } = await scenarioSource(io, file, true);
      return loadGrid(shown, { set, ...(text === undefined ? {} : { text }) }, true);
    },
    setCode: (c) => {
      code = c;
    },
  });
  parser
    .demandCommand(1, "name a command: run, validate, compare, explain, sweep or merge")
    .strict()
    .help()
    .alias("h", "help")
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UserError(`${msg}\nRun 'sim --help' for usage.`);
    })
    .exitProcess(false);
  let helpShown = false;
  parser.showHelpOnFail(false);
  try {
    await parser.parseAsync(args, {}, (_err, _argv, output) => {
      if (output) {
        helpShown = true;
        io.out(`${output}\n`);
      }
    });
    return helpShown ? EXIT_OK : code;
  } catch (error) {
    if (isUsersToFix(error)) {
      io.err(`error: ${error.message}\n`);
      return EXIT_USER_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`internal error: ${message}\n(this is a jobsim bug; set JOBSIM_DEBUG=1 for a stack trace)\n`);
    if (process.env.JOBSIM_DEBUG && error instanceof Error) io.err(`${error.stack}\n`);
    return EXIT_INTERNAL;
  }
}
