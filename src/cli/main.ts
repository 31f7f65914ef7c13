/**
 * The `sim` command line: its commands and flags (declared for yargs), and what an error becomes
 * (message and exit code). Each command's code, and the simulator, report writers or sweep code
 * it needs, is imported only when that command runs, so `sim validate` or `sim --help` do not
 * load (and compile) what `sim run` or `sim sweep` need.
 */
import yargs from "yargs";
import { ReportInputError, ReportWriteError } from "../report/errors.js";
import { EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR, type Output } from "./output.js";
import { SET_OPTION, setFlagsOf } from "./set-flags.js";
import { dash, STDIN_ARG } from "./stdin-arg.js";
import { sweepCommands } from "./sweep-options.js";
import { isUserError, UserError } from "./user-error.js";

export {
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_THRESHOLD_BREACHED,
  EXIT_USER_ERROR,
  type Output,
  type OutputFormat,
} from "./output.js";

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

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
      // The --files help lists the report's files, which the report writers name.
      async (y) => {
        const { REPORT_FILE_NAMES } = await import("../report/write.js");
        return y
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
          .option("color", { type: "boolean", default: false, describe: "color the summary" });
      },
      async (a) => {
        const { cmdRun } = await import("./run-command.js");
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
        const { cmdValidate } = await import("./validate-command.js");
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
        const { cmdCompare } = await import("./compare-command.js");
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
      async (a) => {
        const { cmdExplain } = await import("./explain-command.js");
        code = cmdExplain(io, String(dash(a.report)), String(dash(a.target)), a.format);
      },
    );
  sweepCommands(parser, {
    out: (text) => io.out(text),
    err: (text) => io.err(text),
    loadGrid: async (file, set) => {
      const { loadGrid, scenarioSource } = await import("./scenario-input.js");
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
