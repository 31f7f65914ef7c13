import { describe, expect, it } from "vitest";
import {
  displayCount,
  displayNumber,
  displaySeconds,
  humanDuration,
  renderColumns,
  renderSummary,
} from "../../../src/report/summary-table.js";
import { manyJobsReport, smallReport } from "../../helpers/report-fixtures.js";

/** Drop ANSI colour escapes (built from the code point: Biome rejects control characters in regex literals). */
const stripAnsi = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g"), "");

describe("humanDuration (kubectl DURATION)", () => {
  it.each([
    [-5, "<invalid>"],
    [-1, "0s"],
    [0, "0s"],
    [45.9, "45s"],
    [119, "119s"],
    [120, "2m"],
    [130, "2m10s"],
    [599, "9m59s"],
    [600, "10m"],
    [179 * 60 + 59, "179m"],
    [3 * 3600, "3h"],
    [3 * 3600 + 4 * 60, "3h4m"],
    [8 * 3600, "8h"],
    [47 * 3600, "47h"],
    [48 * 3600, "2d"],
    [5 * 86400 + 2 * 3600, "5d2h"],
    [8 * 86400, "8d"],
    [729 * 86400, "729d"],
    [2 * 365 * 86400, "2y"],
    [2 * 365 * 86400 + 10 * 86400, "2y10d"],
    [9 * 365 * 86400, "9y"],
  ])("%s s → %s", (seconds, expected) => {
    expect(humanDuration(seconds)).toBe(expected);
  });
});

describe("display helpers", () => {
  it("shows statistics in seconds with useful precision", () => {
    expect([0.1, 1.25, 9.999, 45.33, 130, null].map(displaySeconds)).toEqual([
      "0.1s",
      "1.25s",
      "10s",
      "45.3s",
      "2m10s",
      "-",
    ]);
  });

  it("shows counts as is and rates with two decimals at most", () => {
    expect([3, 1 / 6, 2.5, -0.001, Number.NaN, undefined].map(displayNumber)).toEqual([
      "3",
      "0.17",
      "2.5",
      "0",
      "-",
      "-",
    ]);
  });

  it("groups counts by thousands, independent of the locale", () => {
    expect([0, 999, 1000, 12_345, 1_234_567, -4500, 2.5, null].map(displayCount)).toEqual([
      "0",
      "999",
      "1,000",
      "12,345",
      "1,234,567",
      "-4,500",
      "2.5",
      "-",
    ]);
  });

  it("aligns columns as kubectl: minimum width 10, padding 3, last column unpadded", () => {
    expect(
      renderColumns([
        ["NAME", "STATUS"],
        ["a-very-long-name", "Complete"],
        ["x", ""],
      ]),
    ).toEqual(["NAME               STATUS", "a-very-long-name   Complete", "x"]);
  });
});

describe("renderSummary", () => {
  it("renders the small report exactly: what went wrong first, then CronJobs, Jobs, events, metrics", () => {
    expect(renderSummary(smallReport()).split("\n")).toEqual([
      "demo (seed 42): 2026-03-01T00:00:00.000Z to 2026-03-01T06:00:00.000Z (6h)",
      "",
      "What went wrong:",
      "  1 of 3 Jobs failed (1 BackoffLimitExceeded): flaky",
      "  1 Job had not finished when the horizon ended",
      "  cronjob/nightly: of 5 scheduled runs, 2 forbidden (Forbid: the previous Job still active), 1 missed startingDeadlineSeconds",
      "",
      "NAME      SCHEDULE    TIMEZONE        SUSPEND   ACTIVE    LAST SCHEDULE   CREATED   LATE      FORBIDDEN   MISSED    SUSPENDED",
      "nightly   0 * * * *   Europe/Berlin   False     1         5h              1         0         2           1         0",
      "",
      "NAME               STATUS     COMPLETIONS   DURATION   RETRIES   FAILED-REASON",
      "flaky              Failed     0/1           4m         1         BackoffLimitExceeded",
      "etl                Complete   1/1           2m10s      1",
      "nightly-29538780   Running    1/1 of 3      4h59m      2",
      "",
      "Events:",
      "TYPE      REASON                 OBJECT            AGE       MESSAGE",
      "Warning   BackoffLimitExceeded   job/flaky         5h55m     Job has reached the specified backoff limit",
      "Warning   MissSchedule           cronjob/nightly   179m      Missed scheduled time to start a job, at 03:00, outside deadline, see startingDeadlineSeconds",
      "Normal    SuccessfulCreate       cronjob/nightly   4h59m     Created job nightly-29538780",
      'Normal    JobAlreadyActive       cronjob/nightly   3h59m     Not starting job because prior execution is running and concurrency policy is "Forbid"',
      "",
      "Jobs           3 created, 1 succeeded, 1 failed, 1 active",
      "Failed by      1 BackoffLimitExceeded",
      "Deadlines      0 jobDeadlineExceeded",
      "Pods           7 created, 2 succeeded, 3 failed, 0 evicted, 2 restarts",
      "Retries        4",
      "Throughput     0.17 Jobs/h, 0.33 pods/h succeeded",
      "Job duration   p50 2m10s, p90 2m10s, p99 2m10s, max 2m10s",
      "Pod wait       p50 1.5s, p99 3s",
      "Pod time       30m succeeded, 4m5s in failed attempts",
      "CronJobs       5 scheduled, 1 created, 1 forbidden, 1 missedDeadline, 0 superseded, 0 replaced, 0 tooManyMissed",
      "Start delay    p50 0.1s, p99 0.1s",
      "Warnings       2: 1 BackoffLimitExceeded, 1 MissSchedule",
      "",
    ]);
  });

  /** The lines of the Jobs table: its header to the next blank line. */
  const jobTable = (text: string) => {
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.startsWith("NAME") && l.includes("COMPLETIONS"));
    return lines.slice(at, lines.indexOf("", at));
  };

  it("shows each Job's own retries, and - for a Job of a report from before they were kept", () => {
    const report = smallReport();
    report.jobs[0]!.retries = 7;
    delete report.jobs[2]!.retries;
    const table = jobTable(renderSummary(report));
    expect(table[2]).toMatch(/^etl +Complete +1\/1 +2m10s +7$/);
    expect(table[3]).toMatch(/^nightly-29538780 +Running +1\/1 of 3 +4h59m +-$/);
  });

  it("adds a NAMESPACE column when Jobs span namespaces", () => {
    const report = smallReport();
    report.jobs[1]!.namespace = "batch";
    const table = jobTable(renderSummary(report));
    expect(table[0]).toBe(
      "NAMESPACE   NAME               STATUS     COMPLETIONS   DURATION   RETRIES   FAILED-REASON",
    );
    expect(table[1]).toBe(
      "batch       flaky              Failed     0/1           4m         1         BackoffLimitExceeded",
    );
  });

  it("shows the first and last few of many Jobs and says how many are hidden", () => {
    const table = jobTable(renderSummary(manyJobsReport(10_000)));
    expect(table).toHaveLength(1 + 10 + 1);
    expect(table[1]).toMatch(/^every-minute-29538720 +Complete +1\/1 +45s +0$/);
    expect(table[6]).toBe("… 9,990 more Jobs (all in jobs.csv)");
    expect(table[11]).toMatch(/^every-minute-29548719 /);
    expect(jobTable(renderSummary(manyJobsReport(30), { jobRows: 4 }))[3]).toBe(
      "… 26 more Jobs (all in jobs.csv)",
    );
  });

  it("lists failed Jobs first, however far down they were created, and folds each kind apart", () => {
    const report = manyJobsReport(100);
    for (const i of [3, 40, 97]) {
      const job = report.jobs[i]!;
      job.status = structuredClone(smallReport().jobs[1]!.status);
    }
    const table = jobTable(renderSummary(report, { jobRows: 4 }));
    expect(table.slice(1, 4).map((l) => l.split(" ")[0])).toEqual([
      "every-minute-29538723",
      "every-minute-29538760",
      "every-minute-29538817",
    ]);
    expect(table[4]).toMatch(/^every-minute-29538720 +Complete/);
    expect(table[6]).toBe("… 93 more Jobs that did not fail (all in jobs.csv)");
    const many = manyJobsReport(30);
    for (const job of many.jobs) job.status = structuredClone(smallReport().jobs[1]!.status);
    expect(jobTable(renderSummary(many, { jobRows: 4 }))[3]).toBe("… 26 more failed Jobs (all in jobs.csv)");
  });

  it("lists the Jobs --jobs chooses: failed, all, by name, by CronJob, by label, and says when none match", () => {
    const report = smallReport();
    report.jobs[0]!.labels = { team: "data", tier: "batch" };
    report.jobs[2]!.labels = { team: "data" };
    const names = (jobs: Parameters<typeof renderSummary>[1]) =>
      jobTable(renderSummary(report, jobs))
        .slice(1)
        .map((l) => l.split(" ")[0]);
    expect(names({ jobs: { kind: "failed" } })).toEqual(["flaky"]);
    expect(names({ jobs: { kind: "all" } })).toEqual(["etl", "flaky", "nightly-29538780"]);
    expect(names({ jobs: { kind: "name", name: "etl" } })).toEqual(["etl"]);
    expect(names({ jobs: { kind: "name", name: "nightly" } })).toEqual(["nightly-29538780"]);
    expect(names({ jobs: { kind: "labels", labels: [["team", "data"]] } })).toEqual([
      "etl",
      "nightly-29538780",
    ]);
    expect(
      names({
        jobs: {
          kind: "labels",
          labels: [
            ["team", "data"],
            ["tier", "batch"],
          ],
        },
      }),
    ).toEqual(["etl"]);
    expect(renderSummary(report, { jobs: { kind: "name", name: "nope" } })).toContain(
      'No Job or CronJob named "nope" created a Job.\n',
    );
    expect(renderSummary(report, { jobs: { kind: "labels", labels: [["team", "web"]] } })).toContain(
      "No Job has the labels team=web.\n",
    );
  });

  it("says nothing went wrong when every Job succeeded", () => {
    const report = manyJobsReport(3);
    report.summary = { jobs: { created: 3, succeeded: 3, failed: 0, active: 0 } };
    expect(renderSummary(report).split("\n")[2]).toBe("Nothing went wrong: all 3 Jobs succeeded.");
    report.summary.retries = 58;
    expect(renderSummary(report).split("\n")[2]).toBe(
      "Nothing went wrong: all 3 Jobs succeeded, after 58 retries.",
    );
    report.summary = { jobs: { created: 1, succeeded: 1 }, retries: 1 };
    expect(renderSummary(report).split("\n")[2]).toBe(
      "Nothing went wrong: the Job succeeded, after 1 retry.",
    );
  });

  it("lists every Job when only one would be hidden", () => {
    const lines = renderSummary(manyJobsReport(11)).split("\n");
    expect(lines.filter((l) => l.startsWith("every-minute-"))).toHaveLength(11);
    expect(lines.some((l) => l.startsWith("…"))).toBe(false);
  });

  it("says where the Jobs are when a summary-only report has none in memory", () => {
    const report = smallReport();
    report.jobs = [];
    report.pods = [];
    report.events = [];
    const lines = renderSummary(report).split("\n");
    expect(lines).toContain("Jobs, pods and events were not kept in memory (--summary-only): see jobs.csv.");
    // What went wrong still leads, from the summary's counts.
    expect(lines[3]).toBe("  1 of 3 Jobs failed (1 BackoffLimitExceeded)");
    expect(lines.some((l) => l.startsWith("Warnings"))).toBe(false);
  });

  it("adds Cluster and Work queue lines when the summary has those sections", () => {
    const report = smallReport();
    report.summary = {
      ...report.summary,
      cluster: {
        peakPods: 100,
        peakPending: 12,
        utilization: 0.6134,
        podUtilization: 0.5,
        utilizationBusy: 0.9,
        busyPeriod: { startSeconds: 60, endSeconds: 11460, seconds: 11400 },
      },
      workQueue: { items: 1000, processed: 1000, drainSeconds: 250, jobs: {} },
    };
    const lines = renderSummary(report).split("\n");
    const at = lines.indexOf("Pod time       30m succeeded, 4m5s in failed attempts");
    expect(lines.slice(at + 1, at + 3)).toEqual([
      "Cluster        peak 100 pods, 12 pending at peak, utilization 0.61 over the horizon, 0.9 over the busy period (3h10m)",
      "Work queue     1,000 items, 1,000 processed, drained in 4m10s",
    ]);
  });

  it("shows deleted pods and their time beside failures when the summary has them", () => {
    const report = smallReport();
    report.summary = {
      pods: { created: 16, succeeded: 2, failed: 0, deletedByController: 7, evicted: 0, restarts: 0 },
      podSeconds: { succeeded: 3600, failed: 0, deleted: 12690 },
    };
    const text = renderSummary(report);
    expect(text).toContain(
      "Pods       16 created, 2 succeeded, 0 failed, 7 deleted by controller, 0 evicted, 0 restarts\n",
    );
    expect(text).toContain(
      "Pod time   60m succeeded, 0s in failed attempts, 3h31m in pods deleted by controller\n",
    );
  });

  it("says a queue was not drained, and leaves utilization out on an unlimited cluster", () => {
    const report = smallReport();
    report.summary = {
      jobs: { created: 3 },
      cluster: {
        peakPods: 20,
        peakPending: 0,
        utilization: null,
        utilizationBusy: null,
        busyPeriod: { startSeconds: 0, endSeconds: 600, seconds: 600 },
      },
      workQueue: { items: 10_000, processed: 9_876, drainSeconds: null },
    };
    const text = renderSummary(report);
    expect(text).toContain("Cluster      peak 20 pods, 0 pending at peak\n");
    expect(text).toContain("Work queue   10,000 items, 9,876 processed, not drained\n");
  });

  it("leaves out CronJob lines when there are no CronJobs, and metrics the summary lacks", () => {
    const report = smallReport();
    report.cronjobs = [];
    report.summary = { jobs: { created: 3 }, duration: { job: { p50: null } } };
    const text = renderSummary(report);
    expect(text).not.toMatch(/CronJobs|Start delay|Pods {2}|Throughput/);
    expect(text).toContain("Jobs           3 created\n");
    expect(text).toContain("Job duration   p50 -\n");
  });

  it("is plain by default and colours only when asked", () => {
    expect(renderSummary(smallReport())).not.toContain("\x1b[");
    const colored = renderSummary(smallReport(), { color: true });
    expect(colored).toContain("\x1b[32mComplete\x1b[0m");
    expect(colored).toContain("\x1b[31mFailed\x1b[0m");
    // Colour never shifts the columns.
    const strip = stripAnsi;
    expect(strip(colored)).toBe(renderSummary(smallReport()));
  });
});
