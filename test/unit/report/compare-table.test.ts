import { describe, expect, it } from "vitest";
import { compareReports, parseThreshold } from "../../../src/report/compare.js";
import { renderComparison } from "../../../src/report/compare-table.js";
import type { Report, SummaryTree } from "../../../src/report/types.js";
import { smallReport } from "../../helpers/report-fixtures.js";

/** Drop ANSI colour escapes (built from the code point: Biome rejects control characters in regex literals). */
const stripAnsi = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g"), "");

const withSummary = (summary: SummaryTree): Report => ({ ...smallReport(), summary });
const base = withSummary({
  jobs: { created: 10, failed: 0 },
  duration: { job: { p99: 180 } },
  throughput: { jobsSucceededPerHour: 2.5 },
  wait: { pod: { p99: null } },
  gone: 1,
});
const candidate = withSummary({
  jobs: { created: 10, failed: 2 },
  duration: { job: { p99: 198 } },
  throughput: { jobsSucceededPerHour: 2.4 },
  wait: { pod: { p99: null } },
  fresh: 3,
});

describe("renderComparison", () => {
  it("renders every metric with deltas, marks and the verdict", () => {
    const thresholds = [
      "jobs.failed=0",
      "duration.job.p99=+5%",
      "throughput.jobsSucceededPerHour=-5%",
      "wait.pod.p99=+30s",
    ];
    const text = renderComparison(compareReports(base, candidate, thresholds.map(parseThreshold)));
    expect(text.split("\n")).toEqual([
      "METRIC                            BASE      CANDIDATE   Δ         Δ%        CHECK",
      "jobs.created                      10        10          0         0%",
      "jobs.failed                       0         2           +2        -         ✗ max 0",
      "duration.job.p99                  180       198         +18       +10%      ✗ +5%",
      "throughput.jobsSucceededPerHour   2.5       2.4         -0.1      -4%       ✓ -5%",
      "wait.pod.p99                      -         -           -         -         ✗ +30s",
      "gone                              1         missing     -         -",
      "fresh                             missing   3           -         -",
      "",
      "7 metrics, 5 changed.",
      "",
      "FAIL  jobs.failed=0: 2 > 0",
      "FAIL  duration.job.p99=+5%: 198 > 180 + 5% = 189",
      "ok    throughput.jobsSucceededPerHour=-5%: 2.4 >= 2.5 - 5% = 2.375",
      "FAIL  wait.pod.p99=+30s: the base has no value (null) and the candidate has no value (null): a gate never passes on a missing value",
      "",
      "3 of 4 thresholds breached.",
      "",
    ]);
  });

  it("prints a value that is not finite as such, and ungated nulls as -", () => {
    const cmp = compareReports(
      withSummary({ a: 1, b: null }),
      withSummary({ a: JSON.parse("1e400"), b: null }),
      [],
    );
    expect(renderComparison(cmp).split("\n").slice(1, 3)).toEqual([
      "a         1         Infinity    -         -",
      "b         -         -           -         -",
    ]);
  });

  it("says so when every threshold held", () => {
    const text = renderComparison(compareReports(base, candidate, [parseThreshold("jobs.failed=+2")]));
    expect(text).toContain("ok    jobs.failed=+2: 2 <= 0 + 2 = 2\n\nNo threshold breached (1 checked).\n");
  });

  it("prints no CHECK column and no threshold section without thresholds", () => {
    const text = renderComparison(compareReports(base, base, []));
    expect(text.split("\n")[0]).toBe("METRIC                            BASE      CANDIDATE   Δ         Δ%");
    expect(text.endsWith("\n6 metrics, 0 changed.\n")).toBe(true);
  });

  it("can hide unchanged metrics that carry no threshold", () => {
    const cmp = compareReports(base, candidate, [parseThreshold("jobs.created=10")]);
    const metrics = renderComparison(cmp, { changedOnly: true })
      .split("\n")
      .slice(1, 7)
      .map((l) => l.split(" ")[0]);
    expect(metrics).toEqual([
      "jobs.created",
      "jobs.failed",
      "duration.job.p99",
      "throughput.jobsSucceededPerHour",
      "gone",
      "fresh",
    ]);
  });

  it("colours only when asked, without moving columns", () => {
    const cmp = compareReports(base, candidate, [parseThreshold("jobs.failed=0")]);
    const colored = renderComparison(cmp, { color: true });
    expect(colored).toContain("\x1b[31m✗ max 0\x1b[0m");
    expect(stripAnsi(colored)).toBe(renderComparison(cmp));
  });
});
