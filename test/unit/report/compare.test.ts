import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/cli/user-error.js";
import { compareReports, isSecondsMetric, parseThreshold } from "../../../src/report/compare.js";
import type { Report, SummaryTree } from "../../../src/report/types.js";
import { smallReport } from "../../helpers/report-fixtures.js";

const withSummary = (summary: SummaryTree): Report => ({ ...smallReport(), summary });

/** Status of one threshold between a base and a candidate value of metric `m`. */
function verdict(threshold: string, base: number | null, candidate: number | null) {
  const t = parseThreshold(threshold);
  const cmp = compareReports(withSummary({ [t.metric]: base }), withSummary({ [t.metric]: candidate }), [t]);
  return cmp.checks[0]!.status;
}

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return error as UserError;
  }
  throw new Error("expected a UserError");
}

describe("parseThreshold", () => {
  it.each([
    ["jobs.failed=0", { metric: "jobs.failed", kind: "max", amount: 0, percent: false, duration: false }],
    ["retries=1.5", { metric: "retries", kind: "max", amount: 1.5, percent: false, duration: false }],
    ["retries=.5", { metric: "retries", kind: "max", amount: 0.5, percent: false, duration: false }],
    ["pods.failed=+5", { metric: "pods.failed", kind: "growth", amount: 5, percent: false, duration: false }],
    [
      "duration.job.p99=+10%",
      { metric: "duration.job.p99", kind: "growth", amount: 10, percent: true, duration: false },
    ],
    [
      "wait.pod.p99=+30s",
      { metric: "wait.pod.p99", kind: "growth", amount: 30, percent: false, duration: true },
    ],
    [
      "duration.job.p50=+1m",
      { metric: "duration.job.p50", kind: "growth", amount: 60, percent: false, duration: true },
    ],
    [
      "duration.job.max=+1m30s",
      { metric: "duration.job.max", kind: "growth", amount: 90, percent: false, duration: true },
    ],
    [
      "duration.job.max=+1500ms",
      { metric: "duration.job.max", kind: "growth", amount: 1.5, percent: false, duration: true },
    ],
    [
      "duration.job.p99=5m",
      { metric: "duration.job.p99", kind: "max", amount: 300, percent: false, duration: true },
    ],
    [
      "throughput.jobsSucceededPerHour=-5%",
      { metric: "throughput.jobsSucceededPerHour", kind: "drop", amount: 5, percent: true, duration: false },
    ],
    [
      "jobs.succeeded=-3",
      { metric: "jobs.succeeded", kind: "drop", amount: 3, percent: false, duration: false },
    ],
    [
      "cronjobs.startDelay.p99=-30s",
      { metric: "cronjobs.startDelay.p99", kind: "drop", amount: 30, percent: false, duration: true },
    ],
    [" jobs.failed = 0 ", { metric: "jobs.failed", kind: "max", amount: 0, percent: false, duration: false }],
  ])("%s", (text, expected) => {
    expect(parseThreshold(text)).toEqual({ text, ...expected });
  });

  it.each([
    ["jobs.failed", /expected METRIC=LIMIT/],
    ["=5", /expected METRIC=LIMIT/],
    ["jobs.failed=", /expected METRIC=LIMIT/],
    ["jobs failed=1", /is not a metric name/],
    ["jobs.failed=abc", /"abc" is not a number, percentage or duration/],
    ["jobs.failed=++1", /is not a number, percentage or duration/],
    ["duration.job.p99=10%", /a percentage needs a sign: \+10% bounds growth, -10% bounds a drop/],
    ["jobs.failed=+30s", /a duration limit needs a metric in seconds, and jobs.failed is not one/],
  ])("rejects %s with an example of the right form", (text, message) => {
    const error = userError(() => parseThreshold(text));
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`invalid threshold "${text}"`);
    expect(error.message).toContain("for example jobs.failed=0, duration.job.p99=+10%");
  });

  it("knows which metrics are in seconds", () => {
    expect(
      [
        "duration.job.p99",
        "wait.pod.p50",
        "podSeconds.failed",
        "cronjobs.startDelay.p99",
        "x.delaySeconds",
      ].every(isSecondsMetric),
    ).toBe(true);
    expect(
      ["jobs.failed", "throughput.jobsSucceededPerHour", "cronjobs.scheduled"].some(isSecondsMetric),
    ).toBe(false);
  });
});

describe("threshold verdicts at and around the boundary", () => {
  it.each([
    // METRIC=N: breached when candidate > N
    ["jobs.failed=0", 5, 0, "held"],
    ["jobs.failed=0", 0, 1, "breached"],
    ["jobs.failed=2", 0, 2, "held"],
    ["retries=1.5", 0, 1.500001, "breached"],
    ["duration.job.p99=5m", 0, 300, "held"],
    ["duration.job.p99=5m", 0, 300.5, "breached"],
    // +N: growth over base
    ["pods.failed=+5", 10, 15, "held"],
    ["pods.failed=+5", 10, 16, "breached"],
    ["pods.failed=+5", 10, 2, "held"],
    // +N%: relative growth, boundary exact despite float error (3 → 3.3)
    ["duration.job.p99=+10%", 100, 110, "held"],
    ["duration.job.p99=+10%", 100, 110.1, "breached"],
    ["duration.job.p99=+10%", 3, 3.3, "held"],
    ["duration.job.p99=+10%", 3, 3.31, "breached"],
    ["duration.job.p99=+10%", 0, 0, "held"],
    ["duration.job.p99=+10%", 0, 0.1, "breached"],
    // +30s / +1m: growth in seconds
    ["wait.pod.p99=+30s", 60, 90, "held"],
    ["wait.pod.p99=+30s", 60, 91, "breached"],
    ["duration.job.p50=+1m", 60, 120, "held"],
    ["duration.job.p50=+1m", 60, 120.5, "breached"],
    // -N% / -N: drops
    ["throughput.jobsSucceededPerHour=-5%", 100, 95, "held"],
    ["throughput.jobsSucceededPerHour=-5%", 100, 94.9, "breached"],
    ["throughput.jobsSucceededPerHour=-5%", 100, 500, "held"],
    ["throughput.jobsSucceededPerHour=-10%", 0.3, 0.27, "held"],
    ["jobs.succeeded=-2", 10, 8, "held"],
    ["jobs.succeeded=-2", 10, 7, "breached"],
    ["cronjobs.startDelay.p99=-30s", 40, 10, "held"],
    ["cronjobs.startDelay.p99=-30s", 40, 9, "breached"],
  ] as const)("%s: base %s, candidate %s → %s", (text, base, candidate, expected) => {
    expect(verdict(text, base, candidate)).toBe(expected);
  });

  it("cannot judge a metric without data", () => {
    expect(verdict("duration.job.p99=+10%", null, 5)).toBe("unevaluated");
    expect(verdict("duration.job.p99=+10%", 5, null)).toBe("unevaluated");
    expect(verdict("duration.job.p99=600", 5, null)).toBe("unevaluated");
    expect(verdict("duration.job.p99=600", null, 5)).toBe("held");
  });
});

describe("compareReports", () => {
  const base = withSummary({ jobs: { created: 10, failed: 0 }, duration: { job: { p99: 100 } }, gone: 1 });
  const candidate = withSummary({
    jobs: { created: 10, failed: 2 },
    duration: { job: { p99: 120 } },
    fresh: 3,
  });

  it("lists base metrics in base order, then candidate-only ones", () => {
    const cmp = compareReports(base, candidate, []);
    expect(cmp.rows.map((r) => r.metric)).toEqual([
      "jobs.created",
      "jobs.failed",
      "duration.job.p99",
      "gone",
      "fresh",
    ]);
    expect(cmp.exitCode).toBe(0);
    expect(cmp.checks).toEqual([]);
  });

  it("gives absolute and relative deltas, null relative delta for a zero base", () => {
    const rows = compareReports(base, candidate, []).rows;
    expect(rows[0]).toMatchObject({ base: 10, candidate: 10, delta: 0, relativeDelta: 0, missingFrom: null });
    expect(rows[1]).toMatchObject({ base: 0, candidate: 2, delta: 2, relativeDelta: null });
    expect(rows[2]).toMatchObject({ base: 100, candidate: 120, delta: 20, relativeDelta: 0.2 });
    expect(rows[3]).toMatchObject({
      base: 1,
      candidate: null,
      delta: null,
      relativeDelta: null,
      missingFrom: "candidate",
    });
    expect(rows[4]).toMatchObject({ base: null, candidate: 3, missingFrom: "base" });
  });

  it("rounds deltas like report numbers", () => {
    const cmp = compareReports(withSummary({ x: 0.1 }), withSummary({ x: 0.3 }), []);
    expect(cmp.rows[0]).toMatchObject({ delta: 0.2, relativeDelta: 2 });
  });

  it("exits 1 and names the breached threshold on its row", () => {
    const thresholds = ["jobs.failed=0", "duration.job.p99=+25%", "jobs.created=-5%"].map(parseThreshold);
    const cmp = compareReports(base, candidate, thresholds);
    expect(cmp.exitCode).toBe(1);
    expect(cmp.breaches.map((k) => k.threshold.text)).toEqual(["jobs.failed=0"]);
    expect(cmp.rows[1]!.breached?.text).toBe("jobs.failed=0");
    expect(cmp.rows[2]!.breached).toBeNull();
    expect(cmp.rows[2]!.checks[0]).toMatchObject({
      status: "held",
      limit: 125,
      message: "120 <= 100 + 25% = 125",
    });
    expect(cmp.checks[0]!.message).toBe("2 > 0");
  });

  it("treats a metric missing from either report as a user error", () => {
    const missingInCandidate = userError(() => compareReports(base, candidate, [parseThreshold("gone=0")]));
    expect(missingInCandidate.message).toMatch(/metric gone is missing from the candidate report/);
    const missingInBase = userError(() => compareReports(base, candidate, [parseThreshold("fresh=+1")]));
    expect(missingInBase.message).toMatch(/metric fresh is missing from the base report/);
    const typo = userError(() => compareReports(base, candidate, [parseThreshold("jobs.faild=0")]));
    expect(typo.message).toMatch(
      /missing from the base and the candidate report \(did you mean jobs.created, jobs.failed\?\)/,
    );
  });
});
