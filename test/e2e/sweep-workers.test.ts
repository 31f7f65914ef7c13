/**
 * The same sweep gives the same bytes with 1, 2 and 4 worker threads and sharded then merged;
 * `--until-ci` stops at the same seed with any number of workers; worker threads run from the
 * compiled build as from the sources. (Worker threads started from the TypeScript sources load
 * them through tsx, about a second each: this file is slower than most.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateRun } from "../../src/run/estimate.js";
import { sweep } from "../../src/sweep/index.js";
import { runOnce } from "../../src/sweep/run-once.js";
import { defaultWorkers, EVENTS_PER_WORKER, singlePoint } from "../../src/sweep/sweep.js";
import { files, load, QUICKSTART, sim } from "../helpers/sweep.js";

const FILES = ["report.html", "runs.csv", "sweep.csv", "sweep.json"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-sweep-workers-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the same sweep gives the same bytes", () => {
  it("with 1, 2 and 4 workers, and sharded 3 ways then merged", async () => {
    const common = [
      "sweep",
      QUICKSTART,
      "--seeds",
      "12",
      "--no-progress",
      "--quiet",
      "--outcome",
      "long=pods.created > 60",
    ];
    const outs: Record<string, Record<string, string>> = {};
    for (const workers of ["1", "2", "4"]) {
      const out = path.join(dir, `w${workers}`);
      const r = await sim(...common, "--workers", workers, "--out", out);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toBe(`sweep written to ${out}/\n`);
      outs[workers] = files(out);
    }
    // The shards share one folder, as the pods of an Indexed Job share a volume.
    const parts = path.join(dir, "parts");
    for (const i of [2, 0, 1]) {
      const r = await sim(...common, "--workers", "1", "--shard", `${i}/3`, "--out", parts);
      const file = path.join(parts, `sweep-partial-${i}-of-3.json`);
      expect(r).toMatchObject({ code: 0, stdout: `shard ${i}/3: 4 run(s) written to ${file}\n` });
    }
    const merged = path.join(dir, "merged");
    expect(await sim("merge", parts, "--out", merged, "--quiet")).toMatchObject({ code: 0 });
    // The partial files themselves, named in any order, merge the same.
    const byFile = path.join(dir, "merged-by-file");
    const named = [1, 2, 0].map((i) => path.join(parts, `sweep-partial-${i}-of-3.json`));
    expect(await sim("merge", ...named, "--out", byFile, "--quiet")).toMatchObject({ code: 0 });
    expect(files(byFile)).toEqual(files(merged));
    outs.merged = files(merged);
    expect(Object.keys(outs["1"]!).sort()).toEqual(FILES);
    for (const k of ["2", "4", "merged"]) expect(outs[k]).toEqual(outs["1"]);

    const report = JSON.parse(outs["1"]!["sweep.json"]!);
    expect(report).toMatchObject({
      apiVersion: "jobsim.dev/v1alpha1",
      kind: "SweepReport",
      seeds: [42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53],
    });
    expect(report.scenario.name).toBe("quickstart");
    expect(report.points).toHaveLength(1);
    expect(report.points[0]).toMatchObject({ id: "p0", params: {}, n: 12 });
    expect(Object.keys(report.points[0].metrics["jobs.failed"])).toEqual([
      "n",
      "mean",
      "sd",
      "min",
      "p5",
      "p50",
      "p95",
      "max",
      "ci95",
    ]);
    expect(Object.keys(report.points[0].outcomes)).toEqual(["P(jobs.failed>0)", "long"]);
    const runs = outs["1"]!["runs.csv"]!.split("\n");
    expect(runs[0]!.startsWith("point,seed,jobs.created,")).toBe(true);
    expect(runs).toHaveLength(1 + 12 + 1);
    expect(outs["1"]!["sweep.csv"]!.split("\n")[0]).toBe(
      "point,kind,metric,n,mean,sd,min,p5,p50,p95,max,ci95Low,ci95High",
    );
  });

  it("a run's summary is the summary `sim run` writes for that seed (rows of Jobs and pods are dropped, not the numbers)", () => {
    for (const name of ["quickstart", "forbid-overrun", "work-queue", "spot-evictions"]) {
      const scenario = load(`scenarios/${name}.yaml`);
      const metrics = runOnce(scenario, scenario.simulation.seed);
      const csv = metrics.names.map((n, i) => `${n},${metrics.values[i] ?? ""}`).join("\n");
      const golden = readFileSync(`test/golden/reports/${name}/summary.csv`, "utf8");
      expect(`metric,value\n${csv}\n`).toBe(golden);
    }
  });
});

describe("--until-ci", () => {
  it("adds seeds until the interval is narrow enough, the same way for any number of workers", async () => {
    const scenario = load(QUICKSTART);
    const options = { seeds: 4, untilCi: ["pods.created=25%"], maxSeeds: 64 };
    const one = await sweep(scenario, { ...options, workers: 1 });
    const two = await sweep(scenario, { ...options, workers: 2 });
    expect(two.report).toEqual(one.report);
    const { report } = one;
    expect(report.stopping).toEqual({
      untilCi: [{ metric: "pods.created", halfWidth: "25%" }],
      maxSeeds: 64,
      met: true,
    });
    expect(report.seeds.length).toBeGreaterThan(4);
    expect(report.seeds).toEqual(report.seeds.map((_, i) => 42 + i));
    const created = report.points[0]!.metrics["pods.created"]!;
    expect((created.ci95![1] - created.ci95![0]) / 2).toBeLessThanOrEqual(0.25 * created.mean!);
    // The batch before the last did not meet it: fewer seeds give a wider interval.
    const before = await sweep(scenario, { seeds: report.seeds.length - 1, workers: 1 });
    const wider = before.report.points[0]!.metrics["pods.created"]!;
    expect((wider.ci95![1] - wider.ci95![0]) / 2).toBeGreaterThan(0.25 * wider.mean!);
  });

  it("stops at --max-seeds and says the target was not met", async () => {
    const { report } = await sweep(load(QUICKSTART), {
      seeds: 3,
      untilCi: ["pods.created=0.001"],
      maxSeeds: 7,
      workers: 1,
    });
    expect(report.seeds).toEqual([42, 43, 44, 45, 46, 47, 48]);
    expect(report.stopping?.met).toBe(false);
  });
});

describe("worker threads from the compiled build", () => {
  // bin/sim.js runs dist/ when it is at least as new as src/; test the worker.js path there.
  const compiled = path.resolve("dist/sweep/index.js");
  const newest = (folder: string): number =>
    Math.max(
      ...readdirSync(folder, { withFileTypes: true }).map((e) => {
        const at = path.join(folder, e.name);
        return e.isDirectory() ? newest(at) : statSync(at).mtimeMs;
      }),
    );
  // A build older than a source would test other code: skipped then (npm ci builds it fresh).
  const fresh = existsSync(compiled) && statSync(compiled).mtimeMs >= newest("src");
  it.skipIf(!fresh)("give the same runs as this thread", async () => {
    const script = `
      import { loadScenario } from ${JSON.stringify(path.resolve("dist/scenario/load.js"))};
      import { sweep } from ${JSON.stringify(compiled)};
      const r = loadScenario(${JSON.stringify(QUICKSTART)});
      const { table } = await sweep(r.scenario, { seeds: 6, workers: 2 });
      process.stdout.write(JSON.stringify(table));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    const { table } = await sweep(load(QUICKSTART), { seeds: 6, workers: 1 });
    expect(JSON.parse(child.stdout)).toEqual(table);
  });
});

describe("the default number of workers", () => {
  it("keeps short sweeps in this thread and spreads long ones over the cores", () => {
    // The quickstart is estimated at under 2,000 events a run: 100 runs are not worth a thread.
    expect(defaultWorkers(singlePoint(load(QUICKSTART)), 100)).toBe(1);
    // A 2,000-pod fan-out, 1,000 times: every core, at most one per 200,000 estimated events.
    const fanout = load("scenarios/fanout-capacity.yaml");
    const byWork = Math.ceil((estimateRun(fanout).events * 1000) / EVENTS_PER_WORKER);
    expect(byWork).toBeGreaterThan(50);
    expect(defaultWorkers(singlePoint(fanout), 1000)).toBe(Math.min(availableParallelism(), byWork));
  });
});
