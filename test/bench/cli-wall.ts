/**
 * End-to-end figures of `sim run` as a user types it: a fresh process each time (start-up,
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
  const figures: CliFigures = { seconds: [], peakMb: [] };
  const withTime = existsSync(GNU_TIME);
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), "jobsim-bench-"));
    const command = ["bin/sim.js", "run", ...args, "--out", out, "--quiet"];
    const t0 = performance.now();
    const result = withTime
      ? spawnSync(GNU_TIME, ["-f", "peak-kb %M", process.execPath, ...command], { encoding: "utf8" })
      : spawnSync(process.execPath, command, { encoding: "utf8" });
    figures.seconds.push((performance.now() - t0) / 1000);
    rmSync(out, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`sim run ${args.join(" ")} failed:\n${result.stderr}`);
    const kb = /peak-kb (\d+)/.exec(result.stderr ?? "")?.[1];
    figures.peakMb.push(kb === undefined ? null : Number(kb) / 1024);
  }
  return figures;
}
