/**
 * End-to-end figures of `sim` as a user types it: a fresh process each time (start-up,
 * loading, simulating, writing every report file), wall time and peak memory. The in-process
 * figures of run.ts leave out start-up and file writing and run with a warm JIT after the
 * first run; these do not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

export interface CliFigures {
  /** Wall seconds of each run, in run order. */
  seconds: number[];
  /** Peak resident memory of each run in MB, when GNU time is available. */
  peakMb: (number | null)[];
}

/** Run `node bin/sim.js run <args>` `runs` times, each into a fresh temporary folder. */
export function timeCliRun(args: readonly string[], runs: number): CliFigures {
  return timeCli(["run", ...args], runs, (out) => ["--out", out, "--quiet"]);
}

/**
 * Run `node bin/sim.js <args>` `runs` times; `extra(folder)` adds arguments naming a fresh
 * temporary folder (removed afterwards, after `inspect(folder)` has looked at it).
 */
export function timeCli(
  args: readonly string[],
  runs: number,
  extra: (folder: string) => string[] = () => [],
  inspect: (folder: string) => void = () => {},
): CliFigures {
  const figures: CliFigures = { seconds: [], peakMb: [] };
  const withTime = existsSync(GNU_TIME);
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), "jobsim-bench-"));
    const command = ["bin/sim.js", ...args, ...extra(out)];
    const t0 = performance.now();
    const result = withTime
      ? spawnSync(GNU_TIME, ["-f", "peak-kb %M", process.execPath, ...command], { encoding: "utf8" })
      : spawnSync(process.execPath, command, { encoding: "utf8" });
    figures.seconds.push((performance.now() - t0) / 1000);
    try {
      if (result.status !== 0) throw new Error(`sim ${args.join(" ")} failed:\n${result.stderr}`);
      inspect(out);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const kb = /peak-kb (\d+)/.exec(result.stderr ?? "")?.[1];
    figures.peakMb.push(kb === undefined ? null : Number(kb) / 1024);
  }
  return figures;
}
