/**
 * Sweep figures for `npm run bench` (and alone: `node --import tsx test/bench/sweep.ts` after
 * `npm run build`): `sim sweep` as a user types it, in fresh processes of the built CLI.
 * - 100 seeds of scenarios/quickstart.yaml end to end (target <= 2 s on a 2-core machine);
 * - the speedup of 2 worker threads over 1 on runs of about a second (target >= 1.8x; CPU seconds
 *   too, since on a shared machine the wall time says more about the neighbours);
 * - peak memory of 100 and of 1,000 runs in one thread, and the live heap after a GC while the
 *   results are held: flat when only per-run summaries are kept.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const GNU_TIME = "/usr/bin/time";

/** Wall seconds, CPU seconds and peak resident MB (null without GNU time) of one `sim sweep`. */
function timeSweep(args: readonly string[]): { seconds: number; cpu: number | null; peakMb: number | null } {
  const out = mkdtempSync(join(tmpdir(), "jobsim-bench-sweep-"));
  const command = ["bin/sim.js", "sweep", ...args, "--out", out, "--quiet", "--no-progress"];
  const withTime = existsSync(GNU_TIME);
  const t0 = performance.now();
  const result = withTime
    ? spawnSync(GNU_TIME, ["-f", "peak-kb %M cpu %U %S", process.execPath, ...command], { encoding: "utf8" })
    : spawnSync(process.execPath, command, { encoding: "utf8" });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`sim sweep ${args.join(" ")} failed:\n${result.stderr}`);
  const m = /peak-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? "");
  return {
    seconds,
    cpu: m === null ? null : Number(m[2]) + Number(m[3]),
    peakMb: m === null ? null : Number(m[1]) / 1024,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchSweep(): void {
  console.log("\nsim sweep, end to end (built CLI, fresh processes)");
  const cpu = (c: number | null) => (c === null ? "" : `, ${c.toFixed(2)} s CPU`);
  const quickRuns = [0, 1, 2].map(() => timeSweep(["scenarios/quickstart.yaml", "--seeds", "100"]));
  const quick = quickRuns.map((r) => r.seconds);
  console.log(
    `  100 seeds of quickstart: ${median(quick).toFixed(2)} s (median of 3; target <= 2 s; ${quickRuns.map((r) => `${r.seconds.toFixed(2)}${cpu(r.cpu)}`).join("; ")})`,
  );
  const heavy = ["test/bench/scenarios/serial-jobs.yaml", "--seeds", "8"];
  const one = timeSweep([...heavy, "--workers", "1"]);
  const two = timeSweep([...heavy, "--workers", "2"]);
  console.log(
    `  8 seeds of serial-jobs (200 Jobs x 100 pods each): 1 worker ${one.seconds.toFixed(2)} s${cpu(one.cpu)}, 2 workers ${two.seconds.toFixed(2)} s${cpu(two.cpu)}: ${(one.seconds / two.seconds).toFixed(2)}x (target >= 1.8x)`,
  );
  const mb = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(0)} MB`);
  const hundred = timeSweep(["scenarios/quickstart.yaml", "--seeds", "100", "--workers", "1"]);
  const thousand = timeSweep(["scenarios/quickstart.yaml", "--seeds", "1000", "--workers", "1"]);
  console.log(
    `  peak RSS, quickstart in one thread: 100 runs ${mb(hundred.peakMb)}, 1,000 runs ${mb(thousand.peakMb)} (${thousand.seconds.toFixed(1)} s)`,
  );
  console.log(`  live heap after GC, holding the sweep's results: ${heapAfterSweeps([100, 1000, 3000])}`);
}

/** The heap a sweep holds on to (after a full GC), for sweeps of `sizes` runs of the quickstart. */
function heapAfterSweeps(sizes: readonly number[]): string {
  const script = `
    import { loadScenario } from ${JSON.stringify(resolve("dist/scenario/load.js"))};
    import { sweep } from ${JSON.stringify(resolve("dist/sweep/index.js"))};
    const r = loadScenario("scenarios/quickstart.yaml");
    const out = [];
    for (const n of ${JSON.stringify(sizes)}) {
      const kept = await sweep(r.scenario, { seeds: n, workers: 1 });
      globalThis.gc();
      out.push(n + " runs " + (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1) + " MB (" + kept.table.rows.length + " rows)");
    }
    process.stdout.write(out.join(", "));`;
  const child = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`heap figure failed:\n${child.stderr}`);
  return `${child.stdout} (flat: only per-run summaries are kept; RSS above is V8 keeping freed pages)`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) benchSweep();
