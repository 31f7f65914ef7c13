/**
 * `sim compare` of sweeps: the intervals of a difference against published and hand-computed
 * values, pairing by seed, thresholds breached only when the whole interval is beyond the limit
 * (or the point estimate, with strict), mismatched metrics, and the command line's refusals.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseThreshold } from "../../src/report/compare.js";
import type { RunTable, SweepReport } from "../../src/sweep/aggregate.js";
import { compareSweeps, sweepSide } from "../../src/sweep/compare-sweeps.js";
import { pairedDifference, proportionDifference, welchDifference } from "../../src/sweep/difference.js";
import { parseRunsCsv } from "../../src/sweep/read-sweep.js";
import { sim } from "../helpers/sweep.js";

describe("intervals of a difference", () => {
  it("Newcombe's interval holds its estimate, stays within [-1, 1], and excludes 0 only for a real gap", () => {
    const counts = fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n)));
    fc.assert(
      fc.property(counts, counts, ([nb, xb], [nc, xc]) => {
        const d = proportionDifference(xb, nb, xc, nc);
        const [lo, hi] = d.ci95!;
        expect(lo).toBeLessThanOrEqual(d.estimate! + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(d.estimate! - 1e-12);
        expect(lo).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(hi).toBeLessThanOrEqual(1 + 1e-12);
        if (xb / nb === xc / nc) expect(lo <= 0 && hi >= 0).toBe(true);
      }),
    );
  });

  it("Newcombe's hybrid score interval matches the published example (56/70 - 48/80)", () => {
    // Newcombe 1998, Statistics in Medicine 17:873-890, Table II, method 10: 0.0524 to 0.3339.
    const d = proportionDifference(48, 80, 56, 70);
    expect(d.estimate).toBeCloseTo(0.2, 10);
    expect(d.ci95![0]).toBeCloseTo(0.0524, 4);
    expect(d.ci95![1]).toBeCloseTo(0.3339, 4);
  });

  it("Welch's interval: unequal variances, Welch-Satterthwaite degrees of freedom", () => {
    // means 3 and 6, variances 2.5 and 10: se sqrt(2.5), df 5.882, t(0.975, 5.882) = 2.4615 => 3 ± 3.888 (as R t.test)
    const d = welchDifference([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(d.estimate).toBe(3);
    expect(d.ci95![0]).toBeCloseTo(-0.888, 2);
    expect(d.ci95![1]).toBeCloseTo(6.888, 2);
  });

  it("paired: a t interval on the per-seed differences", () => {
    // differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653 => 2 ± 2.484138
    const d = pairedDifference([1, 2, 3]);
    expect(d.ci95![0]).toBeCloseTo(-0.484138, 5);
    expect(d.ci95![1]).toBeCloseTo(4.484138, 5);
  });
});

/** A sweep of one point `id` over `seeds` with metric `m` as given per seed. */
function sweepOf(
  seeds: number[],
  m: number[],
  failed: number[],
  id = "p0",
): { report: SweepReport; runs: RunTable } {
  const count = failed.filter((f) => f > 0).length;
  const report = {
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "SweepReport",
    scenario: { name: "s", sha256: "0", start: "", end: "" },
    seeds,
    outcomeExpressions: { "P(jobs.failed>0)": "jobs.failed > 0" },
    points: [
      {
        id,
        params: {},
        n: seeds.length,
        metrics: {},
        outcomes: { "P(jobs.failed>0)": { n: seeds.length, count, p: count / seeds.length, ci95: null } },
      },
    ],
  } as SweepReport;
  const runs: RunTable = {
    metrics: ["m", "jobs.failed"],
    rows: seeds.map((seed, i) => ({ point: id, seed, values: [m[i]!, failed[i]!] })),
  };
  return { report, runs };
}

const side = (s: ReturnType<typeof sweepOf>, label = "x") => sweepSide(label, s.report, s.runs, undefined);

describe("compareSweeps", () => {
  // The candidate adds 10 +- 1 to a base that varies a lot from seed to seed.
  const base = sweepOf([1, 2, 3, 4, 5], [100, 300, 50, 220, 160], [0, 0, 1, 0, 0]);
  const cand = sweepOf([1, 2, 3, 4, 5], [110, 311, 59, 230, 170], [1, 1, 1, 0, 1]);
  const candOtherSeeds = sweepOf([6, 7, 8, 9, 10], [110, 311, 59, 230, 170], [1, 1, 1, 0, 1]);

  it("pairs by seed when both sides ran the same seeds, and the interval is much narrower", () => {
    const paired = compareSweeps(side(base), side(cand), []);
    const unpaired = compareSweeps(side(base), side(candOtherSeeds), []);
    expect(paired.paired).toBe(true);
    expect(unpaired.paired).toBe(false);
    const p = paired.rows.find((r) => r.name === "m")!;
    const u = unpaired.rows.find((r) => r.name === "m")!;
    expect(p.difference.method).toBe("paired-t");
    expect(u.difference.method).toBe("welch-t");
    expect(p.difference.estimate).toBeCloseTo(10, 10);
    expect(u.difference.estimate).toBeCloseTo(10, 10);
    expect(p.significant).toBe(true);
    expect(u.significant).toBe(false);
    expect(p.difference.ci95![0]).toBeGreaterThan(8);
    expect(u.difference.ci95![0]).toBeLessThan(-100);
  });

  it("breaches a growth threshold only when the whole interval is above the limit", () => {
    const cmp = (t: string, strict = false) =>
      compareSweeps(side(base), side(candOtherSeeds), [parseThreshold(t)], strict).checks[0]!.status;
    // Unpaired: +10 is well inside a wide interval: +5 is not breached, though the estimate is above it.
    expect(cmp("m=+5")).toBe("held");
    expect(cmp("m=+5", true)).toBe("breached");
    const paired = (t: string) =>
      compareSweeps(side(base), side(cand), [parseThreshold(t)]).checks[0]!.status;
    expect(paired("m=+5")).toBe("breached"); // interval about [8.6, 11.4]
    expect(paired("m=+10")).toBe("held"); // the interval straddles 10
    expect(paired("m=+1%")).toBe("breached"); // 1% of 166 = 1.66
    expect(paired("m=+20%")).toBe("held");
    expect(paired("m=-5")).toBe("held"); // a drop gate: nothing dropped
  });

  it("judges outcomes with Newcombe's interval, and a ceiling on the candidate's own interval", () => {
    const checks = compareSweeps(
      side(base),
      side(cand),
      ["P(jobs.failed>0)=+0.5", "m=100", "m=500"].map(parseThreshold),
    ).checks;
    // 1/5 -> 4/5: +0.6, but with 5 runs a side the interval reaches far below 0.5.
    expect(checks.map((k) => k.status)).toEqual(["held", "held", "held"]);
    const strict = compareSweeps(
      side(base),
      side(cand),
      ["P(jobs.failed>0)=+0.5", "m=100"].map(parseThreshold),
      true,
    );
    expect(strict.checks.map((k) => k.status)).toEqual(["breached", "breached"]);
  });

  it("a metric one side lacks is a row marked missing; a gate on it is breached; an unknown one refused", () => {
    const other = {
      ...cand,
      runs: { metrics: ["jobs.failed"], rows: cand.runs.rows.map((r) => ({ ...r, values: [r.values[1]!] })) },
    };
    const cmp = compareSweeps(side(base), side(other), [parseThreshold("m=+1000")]);
    expect(cmp.rows.find((r) => r.name === "m")!.missingFrom).toBe("candidate");
    expect(cmp.checks[0]!.status).toBe("breached");
    expect(cmp.checks[0]!.message).toMatch(/candidate sweep lacks m/);
    expect(() => compareSweeps(side(base), side(other), [parseThreshold("mm=+1")])).toThrow(/nearest: m\b/);
  });

  it("a sweep of several points needs --points", () => {
    const two = {
      ...base,
      report: { ...base.report, points: [base.report.points[0]!, { ...base.report.points[0]!, id: "p1" }] },
    };
    expect(() => sweepSide("dir", two.report, two.runs, undefined)).toThrow(
      /2 grid points \(p0, p1\): choose them with --points/,
    );
    expect(() => sweepSide("dir", two.report, two.runs, "p7")).toThrow(/no grid point p7/);
  });
});

describe("runs.csv reader", () => {
  it("reads quoted names, empty fields as no value", () => {
    const t = parseRunsCsv('point,seed,"a,b",c\np0,1,2,\np0,2,,3.5\n', "runs.csv");
    expect(t.metrics).toEqual(["a,b", "c"]);
    expect(t.rows).toEqual([
      { point: "p0", seed: 1, values: [2, null] },
      { point: "p0", seed: 2, values: [null, 3.5] },
    ]);
    expect(() => parseRunsCsv("point,seed,a\np0,x,1\n", "runs.csv")).toThrow(/line 2/);
  });
});

describe("sim compare of sweeps", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jobsim-sweep-compare-"));
    expect(
      (
        await sim(
          "sweep",
          "scenarios/backoff-grid.yaml",
          "--seeds",
          "6",
          "--out",
          `${dir}/grid`,
          "--quiet",
          "--no-progress",
        )
      ).code,
    ).toBe(0);
    expect(
      (await sim("run", "scenarios/quickstart.yaml", "--out", `${dir}/run`, "--quiet", "--no-progress")).code,
    ).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("compares two grid points of one sweep, paired by seed", async () => {
    const r = await sim("compare", `${dir}/grid`, "--points", "p0,p1", "--all");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/paired by seed \(6 seeds on both sides\)/);
    expect(r.stdout).toMatch(/^P\(jobs\.failed>0\)\s/m);
    expect(r.stdout).toMatch(/^jobs\.created\s+1\s+1\s+0\s+\[0, 0\]/m);
    // Without --all, metrics with no difference are left out and counted.
    const changed = await sim("compare", `${dir}/grid`, "--points", "p0,p1");
    expect(changed.stdout).not.toMatch(/^jobs\.created\s/m);
    expect(changed.stdout).toMatch(/without a difference not shown \(--all\)\./);
  });

  it("--format md: a heading, a markdown table of the changed metrics and the verdict", async () => {
    const r = await sim(
      "compare",
      `${dir}/grid`,
      "--points",
      "p0,p1",
      "--format",
      "md",
      "--threshold",
      "engine.events=0",
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### jobsim compare \(sweeps\)\n/);
    expect(r.stdout).toContain("| metric | base | candidate | Δ | 95% CI of Δ | sig | check |");
    expect(r.stdout).toMatch(/^- ❌ `engine\.events=0`: mean \d+/m);
    expect(r.stdout).toMatch(
      /\*\*1 of 1 thresholds breached \(only when the 95% interval lies beyond the limit\)\.\*\*\n$/,
    );
  });

  it("exit 1 on a breached threshold, exit 2 naming the problem for bad input", async () => {
    expect(
      (await sim("compare", `${dir}/grid`, "--points", "p0,p1", "--threshold", "engine.events=0")).code,
    ).toBe(1);
    const gone = await sim("compare", `${dir}/grid`, `${dir}/gone`);
    expect(gone).toMatchObject({
      code: 2,
      stderr: `error: ${dir}/gone does not exist: expected a sweep folder or its sweep.json\n`,
    });
    const mixed = await sim("compare", `${dir}/grid`, `${dir}/run`);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/is a sweep and .*run is not: compare a sweep with a sweep/);
    const many = await sim("compare", `${dir}/grid`, `${dir}/grid`);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/grid points .*--points/);
    const bad = await sim("compare", `${dir}/grid`, "--points", "p0");
    expect(bad.stderr).toMatch(/--points: expected BASE,CANDIDATE/);
    mkdirSync(`${dir}/broken`);
    writeFileSync(`${dir}/broken/sweep.json`, "{nope");
    const broken = await sim("compare", `${dir}/broken`, `${dir}/grid`, "--points", "p0,p0");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/sweep\.json is not valid JSON/);
    expect(broken.stderr).not.toMatch(/nope/);
  });
});
