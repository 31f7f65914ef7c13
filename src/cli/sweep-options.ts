/**
 * The `sim sweep` and `sim merge` command lines: their flags, declared for yargs, and the calls
 * into sweep-command.ts, which is loaded (with the sweep code) only when one of them runs.
 */
import type { Argv } from "yargs";
import { SET_OPTION, setFlagsOf } from "./set-flags.js";
import type { SweepCommandContext } from "./sweep-command.js";

/**
 * A flag that may be repeated, as a list. Declared as a plain string, not a yargs array, so a
 * list never swallows the scenario after it (`--outcome X SCENARIO`).
 */
function repeated(raw: unknown): string[] {
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/** Add `sweep` and `merge` to the `sim` command line. */
export function sweepCommands<T>(y: Argv<T>, ctx: SweepCommandContext): Argv<T> {
  return y
    .command(
      "sweep <scenario>",
      "run a scenario over many seeds; statistics with 95% confidence intervals",
      (c) =>
        c
          .positional("scenario", { type: "string", demandOption: true, describe: "scenario YAML file" })
          .option("set", SET_OPTION)
          .option("seeds", {
            type: "string",
            describe: "N consecutive seeds from spec.seed (default spec.sweep.seeds, else 30)",
          })
          .option("seed-range", { type: "string", describe: "seeds A..B (inclusive), instead of --seeds" })
          .option("workers", {
            type: "string",
            describe:
              "worker threads (default: cores, at most the runs and one per 200,000 estimated events)",
          })
          .option("out", {
            type: "string",
            describe:
              "sweep folder (default reports/<metadata.name>-sweep/); with --shard, the folder the shards share for their partials (default reports/<metadata.name>-sweep-shards/)",
          })
          .option("outcome", {
            type: "string",
            describe: 'NAME=EXPR, e.g. "late=duration.job.max > 6h": the share of runs where it holds',
          })
          .option("until-ci", {
            type: "string",
            describe: "METRIC=HALFWIDTH: add seeds until every point's 95% CI is that narrow",
          })
          .option("max-seeds", { type: "string", describe: "with --until-ci: the most seeds (default 1000)" })
          .option("shard", {
            type: "string",
            describe:
              "I/N: run shard I (0-based) of N and write its partial into --out for sim merge; auto/N reads JOB_COMPLETION_INDEX",
          })
          .option("max-events", {
            type: "string",
            describe: "stop a run that needs more engine events (exit 2)",
          })
          .option("progress", {
            type: "boolean",
            default: true,
            describe: "progress bar on a terminal (--no-progress)",
          })
          .option("quiet", { type: "boolean", default: false, describe: "print only where the sweep went" })
          .option("emit-job", {
            type: "boolean",
            default: false,
            describe: "print an Indexed Job running this sweep's shards on Kubernetes (nothing is run)",
          })
          .option("emit-merge-job", {
            type: "boolean",
            default: false,
            describe: "print the Job that merges the shards of --emit-job",
          })
          .option("shards", {
            type: "string",
            describe: "with --emit-job: completions, one shard each (default 10)",
          })
          .option("parallelism", {
            type: "string",
            describe: "with --emit-job: pods at once (default: --shards)",
          })
          .option("image", {
            type: "string",
            describe: "with --emit-job: container image with Node 20 (default node:20)",
          })
          .option("pvc", {
            type: "string",
            describe:
              "with --emit-job: PersistentVolumeClaim mounted at /work holding jobsim/ and the scenario (default jobsim-work)",
          }),
      async (a) => {
        ctx.setCode(
          await (await import("./sweep-command.js")).cmdSweep(ctx, {
            emitJob: a.emitJob,
            emitMergeJob: a.emitMergeJob,
            shards: a.shards,
            parallelism: a.parallelism,
            image: a.image,
            pvc: a.pvc,
            scenario: a.scenario,
            set: setFlagsOf(a.set),
            seeds: a.seeds,
            seedRange: a.seedRange,
            workers: a.workers,
            out: a.out,
            outcome: repeated(a.outcome),
            untilCi: repeated(a.untilCi),
            maxSeeds: a.maxSeeds,
            shard: a.shard,
            maxEvents: a.maxEvents,
            progress: a.progress,
            quiet: a.quiet,
          }),
        );
      },
    )
    .command(
      "merge <partials..>",
      "combine the shards of a sweep (sim sweep --shard) into its files",
      (c) =>
        c
          .positional("partials", {
            type: "string",
            array: true,
            demandOption: true,
            describe: "folders of shards' partials (sweep-partial-I-of-N.json), or the files",
          })
          .option("out", {
            type: "string",
            describe: "sweep folder (default reports/<metadata.name>-sweep/)",
          })
          .option("quiet", { type: "boolean", default: false, describe: "print only where the sweep went" }),
      async (a) => {
        ctx.setCode(await (await import("./sweep-command.js")).cmdMerge(ctx, a.partials, a.out, a.quiet));
      },
    );
}
