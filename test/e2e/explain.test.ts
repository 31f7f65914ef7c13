/**
 * `sim explain` on the reports of shipped scenarios (their golden report folders, which the
 * golden test keeps equal to what the scenarios produce): the exact story lines, and exit 2
 * with a clear message for a summary-only report, a target not in the report, and a file that
 * is not a jobsim report.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/cli-output.js";

const golden = (scenario: string) => path.join("test/golden/reports", scenario);

async function explain(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureOutput();
  const code = await main(["explain", ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** The story lines of a text story, without the title. */
async function lines(scenario: string, target: string): Promise<string[]> {
  const r = await explain(golden(scenario), target);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((l) => l.trim().replace(/ {2,}/g, "  "));
}

describe("sim explain on shipped scenarios", () => {
  it("backoff-timeline: every failure, the backoff the controller chose, and the retry count", async () => {
    expect(await lines("backoff-timeline", "job/always-fails")).toEqual([
      "2026-01-01 00:00:00  Job created",
      "2026-01-01 00:00:00  pod always-fails-8x2kt created, running at once",
      "2026-01-01 00:00:30  pod always-fails-8x2kt failed exit 1 (Error); backoff 10 s; retry 1 of 3",
      "2026-01-01 00:00:40  pod always-fails-z9cm9 created, replacing always-fails-8x2kt: 10 s after its failure (backoff 10 s), running at once",
      "2026-01-01 00:01:10  pod always-fails-z9cm9 failed exit 1 (Error); backoff 20 s; retry 2 of 3",
      "2026-01-01 00:01:30  pod always-fails-v4k8r created, replacing always-fails-z9cm9: 20 s after its failure (backoff 20 s), running at once",
      "2026-01-01 00:02:00  pod always-fails-v4k8r failed exit 1 (Error); backoff 40 s; retry 3 of 3",
      "2026-01-01 00:02:40  pod always-fails-c8rv5 created, replacing always-fails-v4k8r: 40 s after its failure (backoff 40 s), running at once",
      "2026-01-01 00:03:10  pod always-fails-c8rv5 failed exit 1 (Error); 4 failures > backoffLimit 3: no retry",
      "2026-01-01 00:03:11  FailureTarget: BackoffLimitExceeded: 4 failed pods > backoffLimit 3 (Job has reached the specified backoff limit)",
      "2026-01-01 00:03:11  Failed: BackoffLimitExceeded, as FailureTarget",
    ]);
  });

  it("backoff-timeline: a pod's story is its own lines and the Job's outcome", async () => {
    const r = await explain(golden("backoff-timeline"), "pod/always-fails-v4k8r");
    expect(r.stdout.split("\n")[0]).toBe(
      "Pod default/always-fails-v4k8r of Job always-fails (Failed, ran 30 s); Job default/always-fails (NonIndexed, completions 1, parallelism 1, backoffLimit 3)",
    );
    expect(await lines("backoff-timeline", "pod/always-fails-v4k8r")).toEqual([
      "2026-01-01 00:01:30  pod always-fails-v4k8r created, replacing always-fails-z9cm9: 20 s after its failure (backoff 20 s), running at once",
      "2026-01-01 00:02:00  pod always-fails-v4k8r failed exit 1 (Error); backoff 40 s; retry 3 of 3",
      "2026-01-01 00:03:11  FailureTarget: BackoffLimitExceeded: 4 failed pods > backoffLimit 3 (Job has reached the specified backoff limit)",
      "2026-01-01 00:03:11  Failed: BackoffLimitExceeded, as FailureTarget",
    ]);
  });

  it("forbid-overrun: a late run and why, a forbidden one and what ran instead", async () => {
    expect(await lines("forbid-overrun", "cronjob/quarter-hour-report@2026-03-02T03:15")).toEqual([
      "2026-03-02 03:15:00  instant 2026-03-02 03:15 UTC: created",
      "2026-03-02 03:15:00.100  event Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid",
      "2026-03-02 03:25:01.100  created Job quarter-hour-report-29540355 10 m 1.1 s late: Forbid and Job quarter-hour-report-29540325 still active until 2026-03-02 03:25:01.100",
      "2026-03-02 03:35:02.100  Job quarter-hour-report-29540355 Complete: CompletionsReached (sim explain job/quarter-hour-report-29540355)",
    ]);
    expect(await lines("forbid-overrun", "cronjob/quarter-hour-report@2026-03-02T03:00Z")).toEqual([
      "2026-03-02 03:00:00  instant 2026-03-02 03:00 UTC: forbidden",
      "2026-03-02 03:00:00  not started: concurrencyPolicy Forbid and Job quarter-hour-report-29540325 still active until 2026-03-02 03:25:01.100",
      "2026-03-02 03:00:00.100  event Normal JobAlreadyActive x2 until 2026-03-02 03:15:00.100: Not starting job because prior execution is running and concurrency policy is Forbid",
      "2026-03-02 03:25:01.100  the controller started a later instant, 2026-03-02 03:15 UTC (Job quarter-hour-report-29540355): it only ever starts the most recent missed instant",
    ]);
    expect(await lines("forbid-overrun", "job/quarter-hour-report-29540355")).toEqual([
      "2026-03-02 03:25:01.100  Job created by CronJob quarter-hour-report for its instant 2026-03-02 03:15:00, 10 m 1.1 s after it (sim explain cronjob/quarter-hour-report@2026-03-02T03:15Z says why)",
      "2026-03-02 03:25:01.100  pod quarter-hour-report-29540355-zws4z created, running at once",
      "2026-03-02 03:35:01.100  pod quarter-hour-report-29540355-zws4z succeeded exit 0",
      "2026-03-02 03:35:02.100  SuccessCriteriaMet: CompletionsReached: Reached expected number of succeeded pods",
      "2026-03-02 03:35:02.100  Complete: CompletionsReached, as SuccessCriteriaMet; took 10 m 1 s",
      "2026-03-02 04:40:01.100  pod quarter-hour-report-29540355-zws4z deleted with its Job (garbage collector, owner reference)",
      "2026-03-02 04:40:01.100  deleted by CronJob quarter-hour-report: history limit (successfulJobsHistoryLimit 3) reached by newer Jobs",
    ]);
  });

  it("berlin-dst: 02:30 does not exist on the spring-forward day and happens twice in October", async () => {
    expect(await lines("berlin-dst", "cronjob/nightly-export@2026-03-29T02:30")).toEqual([
      "2026-03-29 01:00:00  02:30 Europe/Berlin does not exist on 2026-03-29: clocks jump from 02:00 to 03:00 (UTC+01:00 to UTC+02:00); robfig skips it, so no Job runs for it",
      "2026-03-30 00:30:00  next instant: 2026-03-30 02:30 Europe/Berlin (created)",
    ]);
    expect(await lines("berlin-dst", "cronjob/nightly-export@2026-10-25T02:30")).toEqual([
      "2026-10-25 00:30:00  02:30 Europe/Berlin happens twice on this day (clocks go back): robfig runs both",
      "2026-10-25 00:30:00  instant 2026-10-25 02:30 Europe/Berlin (00:30 UTC): created",
      "2026-10-25 00:30:00.100  created Job nightly-export-29881470 on time (100 ms after the instant)",
      "2026-10-25 00:39:25.980  Job nightly-export-29881470 Complete: CompletionsReached (sim explain job/nightly-export-29881470)",
      "2026-10-25 01:30:00  instant 2026-10-25 02:30 Europe/Berlin (01:30 UTC): created",
      "2026-10-25 01:30:00.100  created Job nightly-export-29881530 on time (100 ms after the instant)",
      "2026-10-25 01:41:02.261  Job nightly-export-29881530 Complete: CompletionsReached (sim explain job/nightly-export-29881530)",
    ]);
  });

  it("berlin-dst: the TTL controller's deletion", async () => {
    const story = await lines("berlin-dst", "job/nightly-export-29881470");
    expect(story.at(-1)).toBe(
      "2026-10-26 00:39:25.980  deleted by TTL after 1 d (ttlSecondsAfterFinished 86400)",
    );
  });

  it("long-suspension: a suspended instant in its run, and the catch-up after the resume", async () => {
    expect(await lines("long-suspension", "cronjob/metrics-rollup@2026-06-05T12:00")).toEqual([
      "2026-06-05 12:00:00  instant 2026-06-05 12:00 UTC: suspended",
      "2026-06-05 12:00:00  not started: the CronJob was suspended (spec.suspend); one of 672 suspended instants in a row, 2026-06-02 00:00 UTC to 2026-06-08 23:45 UTC",
      "2026-06-09 00:00:00  next Job: instant 2026-06-09 00:00 UTC (Job metrics-rollup-29682720)",
      "2026-06-09 00:00:00  event Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
    ]);
    expect(await lines("long-suspension", "cronjob/metrics-rollup@2026-06-09T00:00")).toEqual([
      "2026-06-09 00:00:00  instant 2026-06-09 00:00 UTC: created",
      "2026-06-09 00:00:00  created Job metrics-rollup-29682720 on time (0 ms after the instant)",
      "2026-06-09 00:00:00  the CronJob had been resumed: the 672 instants before were suspended (2026-06-02 00:00 UTC to 2026-06-08 23:45 UTC), and only the most recent missed instant ever runs",
      "2026-06-09 00:00:00  event Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
      "2026-06-09 00:02:01  Job metrics-rollup-29682720 Complete: CompletionsReached (sim explain job/metrics-rollup-29682720)",
    ]);
  });

  it("success-policy: the rule that finished the Job, and the pods it terminated", async () => {
    expect(await lines("success-policy", "pod/train-success-policy-3-bvrwf")).toEqual([
      "2026-03-08 12:00:00  pod train-success-policy-3-bvrwf (index 3) created",
      "2026-03-08 12:00:06.184  pod train-success-policy-3-bvrwf (index 3) running after 6.184 s Pending",
      "2026-03-08 12:30:08.195  SuccessCriteriaMet: SuccessPolicy: Matched rules at index 0",
      "2026-03-08 12:30:08.195  pod train-success-policy-3-bvrwf (index 3) deleted by the Job controller: SuccessCriteriaMet (SuccessPolicy), its remaining pods are terminated",
      "2026-03-08 12:30:27.624  pod train-success-policy-3-bvrwf (index 3) stopped exit 143 (Error) after the controller's delete: not counted as a failure",
      "2026-03-08 12:30:28.624  Complete: SuccessPolicy, 20.429 s after SuccessCriteriaMet: its pods had terminated; took 30 m 28.624 s",
    ]);
    const open = await lines("success-policy", "job/train-no-policy");
    expect(open.at(-1)).toBe(
      "2026-03-08 14:00:00  still running when the simulation ended: 7 active, 1 succeeded, 0 failed",
    );
  });

  it("overnight-outage: an instant missed because the controller manager was down", async () => {
    expect(await lines("overnight-outage", "cronjob/hourly-sync@2026-05-04T22:00")).toEqual([
      "2026-05-04 22:00:00  instant 2026-05-04 22:00 UTC: missedDeadline",
      "2026-05-04 22:00:00  not started: the controller did not get to it within startingDeadlineSeconds 600: the controller manager was down from 2026-05-04 22:00:00 to 2026-05-05 06:30:00 (spec.controller.outages)",
    ]);
  });

  it("indexed-per-index-backoff: each index keeps its own backoff and retry count", async () => {
    const story = await lines("indexed-per-index-backoff", "job/shards-per-index");
    expect(story.filter((l) => l.includes("(index 7)"))).toEqual([
      "2026-03-07 00:00:00  pod shards-per-index-7-wqxl2 (index 7) created, running at once",
      "2026-03-07 00:01:00  pod shards-per-index-7-wqxl2 (index 7) failed exit 3 (Error); backoff 10 s; retry 1 of 2 for index 7",
      "2026-03-07 00:01:10  pod shards-per-index-7-jcrkr (index 7) created, replacing shards-per-index-7-wqxl2: 10 s after its failure (backoff 10 s), running at once",
      "2026-03-07 00:02:10  pod shards-per-index-7-jcrkr (index 7) failed exit 3 (Error); backoff 20 s; retry 2 of 2 for index 7",
      "2026-03-07 00:02:30  pod shards-per-index-7-pqk9j (index 7) created, replacing shards-per-index-7-jcrkr: 20 s after its failure (backoff 20 s), running at once",
      "2026-03-07 00:03:30  pod shards-per-index-7-pqk9j (index 7) failed exit 3 (Error); index 7 has 3 failures > backoffLimitPerIndex 2: no retry",
    ]);
  });

  it("writes the same story as JSON for scripts", async () => {
    const r = await explain(golden("backoff-timeline"), "job/always-fails", "--format", "json");
    expect(r.code).toBe(0);
    const story = JSON.parse(r.stdout);
    expect(story.target).toBe("job/default/always-fails");
    expect(story.lines[3]).toEqual({
      time: "2026-01-01T00:00:40.000Z",
      text: "pod always-fails-z9cm9 created, replacing always-fails-8x2kt: 10 s after its failure (backoff 10 s), running at once",
      pod: "always-fails-z9cm9",
    });
    expect(story.notes).toEqual([]);
  });
});

describe("sim explain refuses what it cannot explain (exit 2)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "jobsim-explain-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a target not in the report, naming the nearest names", async () => {
    const r = await explain(golden("indexed-per-index-backoff"), "job/shards-per-idx");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: the report has no Job shards-per-idx; nearest: shards-per-index, shards-global, shards-max-failed\n",
    );
    const c = await explain(golden("forbid-overrun"), "cronjob/quarter-hour-report@2026-03-02T03:16");
    expect(c.code).toBe(2);
    expect(c.stderr).toBe(
      "error: CronJob default/quarter-hour-report has no instant at 2026-03-02T03:16 UTC; nearest instants: 2026-03-02 03:15 UTC, 2026-03-02 03:30 UTC\n",
    );
    const none = await explain(golden("backoff-timeline"), "cronjob/nightly");
    expect(none.stderr).toBe("error: the report has no CronJobs, so no CronJob nightly\n");
  });

  it("a report written with --summary-only", async () => {
    const full = JSON.parse(readFileSync(path.join(golden("backoff-timeline"), "report.json"), "utf8"));
    for (const key of ["jobs", "pods", "events"]) delete full[key];
    const file = path.join(dir, "summary-only.json");
    writeFileSync(file, JSON.stringify(full));
    const r = await explain(file, "job/always-fails");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no jobs, pods, events: it was written with --summary-only/);
    expect(r.stdout).toBe("");
  });

  it("notes that a controller manager restart during the Job forgets backoff records", async () => {
    const report = JSON.parse(readFileSync(path.join(golden("backoff-timeline"), "report.json"), "utf8"));
    report.settings.controllerManager.outages = [
      { start: "2026-01-01T00:00:45.000Z", end: "2026-01-01T00:00:50.000Z" },
    ];
    const file = path.join(dir, "restart.json");
    writeFileSync(file, JSON.stringify(report));
    const r = await explain(file, "job/always-fails");
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "note: the controller manager restarted during this Job (after an outage, at 2026-01-01 00:00:50): a restart forgets backoff records (kubernetes issue #114650), so a backoff shown across it may not be what the new controller waited",
    );
    const untouched = await explain(golden("backoff-timeline"), "job/always-fails");
    expect(untouched.stdout).not.toMatch(/note:/);
  });

  it("a file that is not a jobsim report, or a bad target", async () => {
    const file = path.join(dir, "other.json");
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", data: { secret: "hunter2" } }));
    const r = await explain(file, "job/x");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a jobsim report/);
    expect(r.stderr).not.toMatch(/hunter2/);
    const t = await explain(golden("backoff-timeline"), "always-fails");
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/expected job\/NAME, pod\/NAME or cronjob\/NAME@2026-03-08T02:30/);
  });
});
