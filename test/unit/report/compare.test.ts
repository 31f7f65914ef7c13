import { describe, expect, it } from "vitest";
import {
  compareReports,
  isSecondsMetric,
  nearestNames,
  parseThreshold,
} from "../../../src/report/compare.js";
import { ReportInputError } from "../../../src/report/errors.js";
import type { Report, SummaryTree } from "../../../src/report/types.js";
import { smallReport } from "../../helpers/report-fixtures.js";

const withSummary = (summary: SummaryTree): Report => ({ ...smallReport(), summary });

/** Status of one threshold between a base and a candidate value of metric `m`. */
function verdict(threshold: string, base: number | null, candidate: number | null) {
  const t = parseThreshold(threshold);
  const cmp = compareReports(withSummary({ [t.metric]: base }), withSummary({ [t.metric]: candidate }), [t]);
  return cmp.checks[0]!.status;
}

function inputError(fn: () => unknown): ReportInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReportInputError);
    return error as ReportInputError;
  }
  throw new Error("expected a ReportInputError");
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
    const error = inputError(() => parseThreshold(text));
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

  it("never passes a gate on a null value, in either report, whatever the kind", () => {
    expect(verdict("duration.job.p99=+10%", null, 5)).toBe("breached");
    expect(verdict("duration.job.p99=+10%", 5, null)).toBe("breached");
    expect(verdict("duration.job.p99=600", 5, null)).toBe("breached");
    expect(verdict("duration.job.p99=600", null, 5)).toBe("breached");
    expect(verdict("throughput.jobsSucceededPerHour=-5%", null, null)).toBe("breached");
  });

  it("never passes a gate on a value that is not finite (1e400 reads as Infinity)", () => {
    expect(verdict("jobs.failed=0", 0, Number.POSITIVE_INFINITY)).toBe("breached");
    expect(verdict("jobs.failed=0", 0, JSON.parse("1e400"))).toBe("breached");
    expect(verdict("throughput.jobsSucceededPerHour=-5%", 10, Number.NEGATIVE_INFINITY)).toBe("breached");
    // Infinity in the base would make every growth limit infinite, and pass anything.
    expect(verdict("duration.job.p99=+10%", Number.POSITIVE_INFINITY, 5)).toBe("breached");
    expect(verdict("duration.job.p99=+10%", 5, Number.POSITIVE_INFINITY)).toBe("breached");
  });

  it("says which value is missing and why", () => {
    const check = (threshold: string, base: SummaryTree, candidate: SummaryTree) =>
      compareReports(withSummary(base), withSummary(candidate), [parseThreshold(threshold)]).checks[0]!;
    expect(
      check(
        "duration.job.p99=+10%",
        { duration: { job: { p99: 100 } } },
        { duration: { job: { p99: null } } },
      ),
    ).toEqual({
      threshold: parseThreshold("duration.job.p99=+10%"),
      status: "breached",
      limit: null,
      message: "the candidate has no value (null): a gate never passes on a missing value",
    });
    expect(
      check("jobs.failed=0", { jobs: { failed: 0 } }, { jobs: { failed: JSON.parse("1e400") } }).message,
    ).toBe("the candidate value is not finite (Infinity): a gate never passes on a missing value");
    expect(check("x=+1", { x: null }, { y: 1 }).message).toBe(
      "the base has no value (null) and the candidate report lacks the metric: a gate never passes on a missing value",
    );
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

  it("breaches a gate on a metric missing from one report", () => {
    const gone = compareReports(base, candidate, [parseThreshold("gone=0")]);
    expect(gone.exitCode).toBe(1);
    expect(gone.checks[0]!.message).toBe(
      "the candidate report lacks the metric: a gate never passes on a missing value",
    );
    const fresh = compareReports(base, candidate, [parseThreshold("fresh=+1")]);
    expect(fresh.exitCode).toBe(1);
    expect(fresh.checks[0]!.message).toMatch(/^the base report lacks the metric/);
    expect(fresh.rows.find((r) => r.metric === "fresh")!.breached?.text).toBe("fresh=+1");
  });

  it("treats a metric neither report has as a mistake, naming the nearest metrics", () => {
    const typo = inputError(() => compareReports(base, candidate, [parseThreshold("jobs.faild=0")]));
    expect(typo.message).toBe(
      'threshold "jobs.faild=0": neither report has a metric jobs.faild (nearest: jobs.failed, jobs.created, gone)',
    );
    const two = inputError(() =>
      compareReports(base, candidate, ["nope=1", "jobs.failed=0", "duration.job.p9=+1%"].map(parseThreshold)),
    );
    expect(two.message.split("\n")).toHaveLength(2);
    expect(two.message).toContain("neither report has a metric duration.job.p9 (nearest: duration.job.p99,");
  });
});

describe("nearestNames", () => {
  const known = ["jobs.created", "jobs.failed", "duration.job.p50", "duration.job.p99", "wait.pod.p99"];

  it("ranks by edit distance, ignoring case, ties in report order", () => {
    expect(nearestNames("Jobs.Failed", known)).toEqual(["jobs.failed", "jobs.created", "wait.pod.p99"]);
    expect(nearestNames("duration.jobs.p99", known)[0]).toBe("duration.job.p99");
    expect(nearestNames("wait.pods.p99", known)[0]).toBe("wait.pod.p99");
    expect(nearestNames("x", [])).toEqual([]);
  });
});

describe("parseThreshold limits", () => {
  it("rejects a limit too large to be a finite number", () => {
    const error = inputError(() => parseThreshold(`jobs.failed=${"9".repeat(400)}`));
    expect(error.message).toMatch(/is too large a number/);
  });
});
