/**
 * `sim sweep` and `sim merge` end to end, in-process: every error with exit 2 (or 1 for a jobsim
 * fault) and nothing written, refused merges, and the library's `sweep()`. Worker threads and
 * shards giving the same bytes: sweep-workers.test.ts.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "../../src/scenario/types.js";
import { RunFailedError, sweep } from "../../src/sweep/index.js";
import { load, QUICKSTART, sim } from "../helpers/sweep.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-sweep-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("sim sweep refuses bad input with exit 2 and writes nothing", () => {
  it.each([
    [["--shard", "3/2"], "error: --shard 3/2: shard 3 does not exist: shards of 2 are numbered 0 to 1\n"],
    [["--seed-range", "9..3"], "error: --seed-range 9..3: the first seed is above the last\n"],
    [
      ["--seed-range", "a..3"],
      'error: --seed-range: expected A..B with whole numbers 0 <= A <= B, got "a..3"\n',
    ],
    [["--seeds", "0"], 'error: --seeds: expected a whole number from 1 to 100000, got "0"\n'],
    [["--seeds", "3", "--seed-range", "1..2"], "error: --seeds and --seed-range: give one of them\n"],
    [["--workers", "0"], 'error: --workers: expected a whole number from 1 to 1024, got "0"\n'],
    [["--max-seeds", "9"], "error: --max-seeds goes with --until-ci\n"],
    [
      ["--until-ci", "jobs.faild=0.1"],
      'error: --until-ci jobs.faild=0.1: no summary metric "jobs.faild" (nearest: jobs.failed, pods.failed, jobs.created)\n',
    ],
    [
      ["--outcome", "x=pods.creatd > 1"],
      'error: --outcome "x=pods.creatd > 1": no summary metric "pods.creatd" (nearest: pods.created, jobs.created, pods.failed)\n',
    ],
    [["--outcome", "x=pods.created >"], 'error: --outcome "x=pods.created >": column 17: expected a number'],
    [
      ["--shard", "0/2", "--until-ci", "pods.created=5%"],
      "error: --until-ci cannot be combined with --shard",
    ],
    [
      ["--seeds", "2", "--workers", "1", "--max-events", "50"],
      "error: the run of grid point p0 with seed 42 failed: stopped at --max-events 50",
    ],
    [
      // The first run, which outcome names are checked against, fails the same way.
      ["--outcome", "x=jobs.failed > 0", "--max-events", "40"],
      "error: the run of grid point p0 with seed 42 failed: stopped at --max-events 40",
    ],
  ])("%j", async (flags, message) => {
    const out = path.join(dir, "refused", "deep");
    const r = await sim("sweep", QUICKSTART, "--no-progress", "--out", out, ...flags);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // A whole message ends with its newline; others are how the message starts.
    if (message.endsWith("\n")) expect(r.stderr).toBe(message);
    else expect(r.stderr.startsWith(message)).toBe(true);
    expect(existsSync(path.join(dir, "refused"))).toBe(false);
  });

  it("--shard into a place that is not a folder: before running", async () => {
    const file = path.join(dir, "a-file");
    writeFileSync(file, "x");
    const r = await sim(
      "sweep",
      QUICKSTART,
      "--shard",
      "0/2",
      "--out",
      path.join(file, "parts"),
      "--no-progress",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: cannot write a partial into ${path.join(file, "parts")}: ${file} is not a folder\n`,
    );
  });

  it("an invalid scenario: every located error, nothing run", async () => {
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\nmetadata: {name: x}\nspec: {horizon: 1h, seed: -1}\n",
    );
    const r = await sim("sweep", bad, "--no-progress");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:4:\d+ spec\.seed/);
  });
});

describe("sim merge refuses partials that are not the shards of one sweep", () => {
  let shards: string[];
  beforeAll(async () => {
    shards = [];
    for (const [i, seeds] of [
      [0, "4"],
      [1, "4"],
      [1, "5"],
    ] as const) {
      const out = path.join(dir, `m${i}-${seeds}`);
      const r = await sim(
        "sweep",
        QUICKSTART,
        "--seeds",
        seeds,
        "--workers",
        "1",
        "--shard",
        `${i}/2`,
        "--out",
        out,
        "--no-progress",
      );
      expect(r.code).toBe(0);
      shards.push(out);
    }
  });

  async function refused(args: string[], message: string) {
    const out = path.join(dir, "merge-refused");
    const r = await sim("merge", ...args, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  }

  it("different seeds", async () => {
    await refused([shards[0]!, shards[2]!], "is from another sweep than");
    await refused([shards[0]!, shards[2]!], "the seeds differ (5 seeds from 42 vs 4 seeds from 42)");
  });

  it("a folder the shards share, holding a partial of another sweep too", async () => {
    const shared = path.join(dir, "shared");
    for (const i of [0, 1]) {
      const r = await sim(
        "sweep",
        QUICKSTART,
        "--seeds",
        "4",
        "--workers",
        "1",
        "--shard",
        `${i}/2`,
        "--out",
        shared,
      );
      expect(r).toMatchObject({
        code: 0,
        stdout: `shard ${i}/2: 2 run(s) written to ${path.join(shared, `sweep-partial-${i}-of-2.json`)}\n`,
      });
    }
    expect(readdirSync(shared).sort()).toEqual(["sweep-partial-0-of-2.json", "sweep-partial-1-of-2.json"]);
    const merged = path.join(dir, "shared-merged");
    expect(await sim("merge", shared, "--out", merged, "--quiet")).toMatchObject({ code: 0 });
    expect(readdirSync(merged).sort()).toEqual(["report.html", "runs.csv", "sweep.csv", "sweep.json"]);
    // A stale partial of another split left in the folder is named, not merged.
    const stale = await sim(
      "sweep",
      QUICKSTART,
      "--seeds",
      "4",
      "--workers",
      "1",
      "--shard",
      "2/3",
      "--out",
      shared,
    );
    expect(stale.code).toBe(0);
    await refused([shared], "sweep-partial-2-of-3.json is shard 2/3, ");
  });

  it("a missing or repeated shard", async () => {
    await refused([shards[0]!], "shard(s) 1/2 missing: a merge needs all 2");
    await refused([shards[0]!, shards[0]!, shards[1]!], "shard 0/2 is given twice");
  });

  it("another jobsim version, another scenario file", async () => {
    const file = path.join(shards[1]!, "sweep-partial-1-of-2.json");
    const original = readFileSync(file, "utf8");
    const edited = path.join(dir, "edited");
    rmSync(edited, { recursive: true, force: true });
    const write = (text: string) => {
      rmSync(edited, { recursive: true, force: true });
      mkdirSync(edited);
      writeFileSync(path.join(edited, "sweep-partial-1-of-2.json"), text);
    };
    const data = JSON.parse(original);
    write(JSON.stringify({ ...data, jobsimVersion: "0.0.1" }));
    await refused([shards[0]!, edited], "the jobsim version differ (0.0.1 vs");
    await refused([edited, shards[0]!], "was written by jobsim 0.0.1; this is jobsim");
    write(JSON.stringify({ ...data, scenario: { ...data.scenario, sha256: "0".repeat(64) } }));
    await refused([shards[0]!, edited], "the scenario (name, sha256 of its file, start, end) differ");
    write(JSON.stringify({ ...data, runs: data.runs.slice(1) }));
    await refused([shards[0]!, edited], "is in no partial: a shard's file is incomplete");
    write("not json {");
    await refused([shards[0]!, edited], "is not valid JSON");
    write(JSON.stringify({ ...data, runs: [{ ...data.runs[0], values: ["x"] }] }));
    await refused([shards[0]!, edited], "run 1 must be {point, seed, list, values}");
    await refused([path.join(dir, "nowhere")], "does not exist");
    await refused([dir], "holds no sweep-partial-I-of-N.json");
    expect(statSync(shards[0]!).isDirectory()).toBe(true);
  });
});

describe("a run that fails", () => {
  // A grid point jobsim cannot run (its scenario lacks workloads): a jobsim fault, not the user's.
  function broken(): Scenario {
    const s = load(QUICKSTART);
    return { ...s, simulation: { ...s.simulation, workloads: undefined as never } };
  }

  it.each([1, 2])("is reported with its grid point and seed (%i worker(s))", async (workers) => {
    const good = load(QUICKSTART);
    const points = [
      { id: "p0", params: {}, scenario: good },
      { id: "p1", params: { x: 1 }, scenario: broken() },
    ];
    const error = await sweep(points, { seeds: [7, 8], workers }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error).toMatchObject({ pointId: "p1", seed: 7 });
    expect((error as Error).message).toMatch(/^the run of grid point p1 with seed 7 failed: \S.*[^;]$/);
  });
});

describe("sim sweep flags", () => {
  it("repeated --outcome and --until-ci before the scenario leave it in place", async () => {
    const out = path.join(dir, "flags");
    const r = await sim(
      "sweep",
      "--outcome",
      "x=jobs.failed > 0",
      QUICKSTART,
      "--outcome",
      "y=pods.created > 1000",
      "--seeds",
      "2",
      "--workers",
      "1",
      "--out",
      out,
      "--no-progress",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^x +1\.000 +\[0\.342, 1\.000\] +2\/2$/m);
    expect(r.stdout).toMatch(/^y +0\.000 +\[0\.000, 0\.658\] +0\/2$/m);
    expect(r.stdout.endsWith(`sweep written to ${out}/\n`)).toBe(true);
  });
});

describe("sim sweep of a grid", () => {
  it("runs every point over the same seeds, spec.sweep.seeds by default, --set replacing an axis", async () => {
    const scenario = path.join(dir, "grid.yaml");
    const text = readFileSync(QUICKSTART, "utf8").replace(
      "  workloads:",
      "  sweep:\n    grid:\n      Job/nightly-report.spec.backoffLimit: [4, 30]\n      Job/nightly-report.spec.parallelism: [10, 20]\n    seeds: 3\n  workloads:",
    );
    writeFileSync(scenario, text);
    const out = path.join(dir, "grid-out");
    const r = await sim(
      "sweep",
      scenario,
      "--set",
      "Job/nightly-report.spec.parallelism=20",
      "--workers",
      "1",
      "--out",
      out,
      "--no-progress",
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("quickstart: 2 grid point(s) × seeds 42..44\n");
    expect(r.stdout).toContain(
      "p1 Job/nightly-report.spec.backoffLimit=30 Job/nightly-report.spec.parallelism=20: 3 runs\n",
    );
    const report = JSON.parse(readFileSync(path.join(out, "sweep.json"), "utf8"));
    expect(report.seeds).toEqual([42, 43, 44]);
    expect(report.points.map((p: { id: string; params: unknown }) => [p.id, p.params])).toEqual([
      ["p0", { "Job/nightly-report.spec.backoffLimit": 4, "Job/nightly-report.spec.parallelism": 20 }],
      ["p1", { "Job/nightly-report.spec.backoffLimit": 30, "Job/nightly-report.spec.parallelism": 20 }],
    ]);
    // backoffLimit 4 fails every night of the quickstart; 30 lets it finish.
    expect(report.points[0].outcomes["P(jobs.failed>0)"].count).toBe(3);
    expect(report.points[1].outcomes["P(jobs.failed>0)"].count).toBe(0);
    const csv = readFileSync(path.join(out, "sweep.csv"), "utf8").split("\n");
    expect(csv[0]).toBe(
      "point,Job/nightly-report.spec.backoffLimit,Job/nightly-report.spec.parallelism,kind,metric,n,mean,sd,min,p5,p50,p95,max,ci95Low,ci95High",
    );
    // p0's seed 42 is the scenario as written: the same numbers as `sim run`.
    const runs = readFileSync(path.join(out, "runs.csv"), "utf8").split("\n");
    const golden = readFileSync("test/golden/reports/quickstart/summary.csv", "utf8").split("\n");
    const created = golden.find((l) => l.startsWith("pods.created,"))!.split(",")[1];
    const header = runs[0]!.split(",");
    expect(runs[1]!.split(",")[header.indexOf("pods.created")]).toBe(created);
  });

  it("a bad --set is a located error, nothing run", async () => {
    const out = path.join(dir, "grid-bad");
    const r = await sim("sweep", QUICKSTART, "--set", "Job/nightly-report.spec.paralelism=1,2", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("spec.paralelism");
    expect(r.stderr).toContain("; nothing was written");
    expect(existsSync(out)).toBe(false);
  });
});

describe("the library", () => {
  it("sweep(scenario) answers with an interval what one seed cannot", async () => {
    const scenario = load(QUICKSTART);
    const { report } = await sweep(scenario, {
      seeds: 20,
      workers: 1,
      outcomes: ["fast=wait.pod.p99 < 15s"],
    });
    const failed = report.points[0]!.outcomes["P(jobs.failed>0)"]!;
    // backoffLimit 4 against an 8% failure rate over 200 completions: every night fails.
    expect(failed).toMatchObject({ n: 20, count: 20, p: 1 });
    expect(failed.ci95![0]).toBeGreaterThan(0.8);
    expect(report.points[0]!.outcomes.fast!.n).toBe(20);
    const created = report.points[0]!.metrics["pods.created"]!;
    expect(created.ci95![0]).toBeLessThan(created.mean!);
    expect(created.n).toBe(20);
  });
});
