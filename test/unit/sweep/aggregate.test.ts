import { describe, expect, it } from "vitest";
import { aggregate, metricColumns, type RunRecord, type SweepConfig } from "../../../src/sweep/aggregate.js";
import { outcomeDefinitions, parseOutcomeFlag } from "../../../src/sweep/outcomes.js";
import { inShard, parseCiTarget, parseShard } from "../../../src/sweep/plan.js";

describe("metricColumns", () => {
  it("keeps each run's order and puts a late name after its predecessor there", () => {
    expect(
      metricColumns([
        ["jobs.failed", "jobs.failedByReason.DeadlineExceeded", "pods.created"],
        [
          "jobs.failed",
          "jobs.failedByReason.BackoffLimitExceeded",
          "jobs.failedByReason.DeadlineExceeded",
          "pods.created",
        ],
        ["jobs.failed", "pods.created", "workQueue.items"],
      ]),
    ).toEqual([
      "jobs.failed",
      "jobs.failedByReason.BackoffLimitExceeded",
      "jobs.failedByReason.DeadlineExceeded",
      "pods.created",
      "workQueue.items",
    ]);
  });
});

function run(point: number, seed: number, metrics: Record<string, number | null>): RunRecord {
  return {
    point,
    seed,
    metrics: { names: Object.keys(metrics), values: Object.values(metrics), warnings: [] },
  };
}

describe("aggregate", () => {
  const config: SweepConfig = {
    scenario: { name: "s", sha256: "x", start: "a", end: "b" },
    seeds: [1, 2, 3],
    points: [
      { id: "p0", params: { "Job/a.spec.backoffLimit": 4 } },
      { id: "p1", params: { "Job/a.spec.backoffLimit": 6 } },
    ],
    outcomes: outcomeDefinitions([parseOutcomeFlag("slow=duration.job.max > 60")], false),
  };
  const runs = [
    run(0, 1, { "jobs.failed": 1, "jobs.failedByReason.BackoffLimitExceeded": 1, "duration.job.max": null }),
    run(0, 2, { "jobs.failed": 0, "duration.job.max": 90 }),
    run(0, 3, { "jobs.failed": 0, "duration.job.max": 30 }),
    run(1, 1, { "jobs.failed": 0, "duration.job.max": 70 }),
    run(1, 2, { "jobs.failed": 0, "duration.job.max": 80 }),
    run(1, 3, { "jobs.failed": 0, "duration.job.max": 10 }),
  ];
  const { report, table } = aggregate(config, runs);

  it("a failure-reason count a run lacks is 0; another metric it lacks or has null has no value", () => {
    expect(table.metrics).toEqual([
      "jobs.failed",
      "jobs.failedByReason.BackoffLimitExceeded",
      "duration.job.max",
    ]);
    expect(table.rows.map((r) => [r.point, r.seed, ...r.values])).toEqual([
      ["p0", 1, 1, 1, null],
      ["p0", 2, 0, 0, 90],
      ["p0", 3, 0, 0, 30],
      ["p1", 1, 0, 0, 70],
      ["p1", 2, 0, 0, 80],
      ["p1", 3, 0, 0, 10],
    ]);
    const p0 = report.points[0]!;
    expect(p0.n).toBe(3);
    expect(p0.metrics["jobs.failedByReason.BackoffLimitExceeded"]!.mean).toBeCloseTo(1 / 3, 12);
    // duration.job.max had a value in 2 of the 3 runs: its own n says so.
    expect(p0.metrics["duration.job.max"]!.n).toBe(2);
    expect(p0.metrics["duration.job.max"]!.mean).toBe(60);
  });

  it("outcomes are shares of each point's runs, with Wilson intervals", () => {
    expect(report.outcomeExpressions).toEqual({
      "P(jobs.failed>0)": "jobs.failed > 0",
      slow: "duration.job.max > 60",
    });
    expect(report.points.map((p) => [p.outcomes["P(jobs.failed>0)"]!.count, p.outcomes.slow!.count])).toEqual(
      [
        [1, 1],
        [0, 2],
      ],
    );
    expect(report.points[1]!.outcomes.slow!.p).toBeCloseTo(2 / 3, 12);
    expect(report.points[1]!.params).toEqual({ "Job/a.spec.backoffLimit": 6 });
  });
});

describe("plan", () => {
  it.each([
    ["0/3", undefined, { index: 0, count: 3 }],
    ["2/3", undefined, { index: 2, count: 3 }],
    ["auto/4", "3", { index: 3, count: 4 }],
  ])("--shard %s (JOB_COMPLETION_INDEX %s)", (text, env, expected) => {
    expect(parseShard(text, env)).toEqual(expected);
  });

  it.each([
    ["3/2", undefined, "shard 3 does not exist: shards of 2 are numbered 0 to 1"],
    ["2/2", undefined, "numbered 0 to 1"],
    ["1/0", undefined, "N must be between 1 and"],
    ["-1/2", undefined, "expected I/N"],
    ["auto/2", undefined, "JOB_COMPLETION_INDEX is not set"],
    ["auto/2", "x", "JOB_COMPLETION_INDEX is not an integer"],
    ["auto/2", "2", "shard 2 does not exist"],
  ])("--shard %s (JOB_COMPLETION_INDEX %s) is refused: %s", (text, env, message) => {
    expect(() => parseShard(text, env)).toThrow(message);
  });

  it("shards split the runs round-robin: each run in exactly one", () => {
    for (let run = 0; run < 20; run++) {
      expect([0, 1, 2].filter((index) => inShard(run, { index, count: 3 }))).toEqual([run % 3]);
    }
  });

  it("--until-ci takes numbers, durations of metrics in seconds and percentages", () => {
    expect(parseCiTarget("jobs.failed=0.05")).toMatchObject({
      metric: "jobs.failed",
      amount: 0.05,
      relative: false,
    });
    expect(parseCiTarget("duration.job.p99=2m")).toMatchObject({ amount: 120, relative: false });
    expect(parseCiTarget("pods.created=5%")).toMatchObject({ amount: 5, relative: true });
    expect(() => parseCiTarget("pods.created=2m")).toThrow("a duration needs a metric in seconds");
    expect(() => parseCiTarget("pods.created=0")).toThrow("above 0");
    expect(() => parseCiTarget("pods.created")).toThrow("expected METRIC=HALFWIDTH");
  });
});
