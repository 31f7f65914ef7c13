/**
 * The rest of upstream's CronJob controller tests that need no API server
 * (TestControllerV2UpdateCronJob, TestControllerV2CleanupFinishedJobs,
 * TestControllerV2JobAlreadyExistsButNotInActiveStatus, ...ButDifferentOwner,
 * TestControllerV2GetJobsToBeReconciled); then active-list reconciliation, scenarios jobsim
 * derives from the controller's behaviour (not upstream tests) and the
 * schedule-decision seam (report-contract.md "Schedule outcomes").
 */
import { describe, expect, it } from "vitest";
import {
  getJobsToBeReconciled,
  jobReference,
  requeueAfterCronJobUpdate,
  syncCronJob,
  syncCronJobKey,
} from "../../../../src/controllers/cronjob/index.js";
import { StatusError } from "../../../../src/k8s/api-errors.js";
import { MemoryRecorder } from "../../../../src/k8s/events.js";
import type { CronJob, Job } from "../../../../src/k8s/types.js";
import {
  at,
  cronJob,
  dur,
  eventList,
  fakeDeps,
  finish,
  jobFor,
  justASecondBeforeTheHour,
  justBeforeTheHour,
  newYork,
} from "../../../helpers/cronjob-builders.js";

/** A CronJob with the given schedule and LST (creation far enough before). */
function cronJobWith(schedule: string, lst: string | null, o: Partial<CronJob["spec"]> = {}): CronJob {
  const cj = cronJob();
  cj.spec = { ...cj.spec, schedule, ...o };
  cj.metadata.creationTimestamp = at("2015-01-01T00:00:00Z");
  cj.status.lastScheduleTime = lst === null ? null : at(lst);
  return cj;
}

describe("TestControllerV2UpdateCronJob", () => {
  const now = justASecondBeforeTheHour();
  const testCases: Record<
    string,
    {
      // cronjob setup
      oldSchedule: string;
      newSchedule: string;
      oldTimeZone?: string | null;
      newTimeZone?: string | null;
      templateChange?: boolean;
      // expectations
      expectedDelay: number | null;
      expectedEvents?: string[];
    }
  > = {
    "spec.template changed": { oldSchedule: "", newSchedule: "", templateChange: true, expectedDelay: 0 },
    "spec.schedule changed": {
      oldSchedule: "30 * * * *",
      newSchedule: "*/1 * * * *",
      expectedDelay: dur("1.1s"),
    },
    "spec.schedule with @every changed - cadence decrease": {
      oldSchedule: "@every 1m",
      newSchedule: "@every 3m",
      expectedDelay: dur("2m1.1s"),
    },
    "spec.schedule with @every changed - cadence increase": {
      oldSchedule: "@every 3m",
      newSchedule: "@every 1m",
      expectedDelay: dur("1.1s"),
    },
    "spec.timeZone not changed": {
      oldSchedule: "0 * * * *",
      newSchedule: "0 * * * *",
      oldTimeZone: newYork,
      newTimeZone: newYork,
      expectedDelay: 0,
    },
    // Upstream passes this case only because nothing is enqueued: "" does not parse.
    "spec.timeZone changed": {
      oldSchedule: "",
      newSchedule: "",
      oldTimeZone: newYork,
      newTimeZone: null,
      expectedDelay: null,
      expectedEvents: ["Warning UnParseableCronJobSchedule"],
    },
  };
  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      const oldCj = cronJobWith(tc.oldSchedule, "2016-05-19T09:59:00Z", { timeZone: tc.oldTimeZone ?? null });
      const cur = cronJobWith(tc.newSchedule, "2016-05-19T09:59:00Z", { timeZone: tc.newTimeZone ?? null });
      if (tc.templateChange) {
        cur.spec.jobTemplate = {
          ...cur.spec.jobTemplate,
          metadata: { labels: { a: "foo" }, annotations: {} },
        };
      }
      const recorder = new MemoryRecorder();
      expect(requeueAfterCronJobUpdate({ recorder }, oldCj, cur, now)).toBe(tc.expectedDelay);
      expect(eventList(recorder)).toEqual(tc.expectedEvents ?? []);
    });
  }
});

/** A Job owned (controller ref) by `owner` in its namespace. */
function ownedJob(owner: CronJob, name: string, uid = name): Job {
  const j = jobFor(owner, at("2016-05-19T08:00:00Z"), uid);
  j.metadata.name = name;
  return j;
}

describe("TestControllerV2CleanupFinishedJobs", () => {
  const fooer = (): CronJob => {
    const cj = cronJobWith("0 * * * ?", "2016-05-19T09:01:00Z");
    cj.metadata.name = "fooer";
    cj.metadata.namespace = "foo-ns";
    return cj;
  };
  it("jobs are still deleted when a cronjob can't create jobs due to jobs quota being reached (avoiding a deadlock)", () => {
    const cj = fooer();
    cj.spec.successfulJobsHistoryLimit = 1;
    const jobs = [
      finish(
        ownedJob(cj, "finished-job-started-hour-ago"),
        "Complete",
        at("2016-05-19T09:00:00Z"),
        at("2016-05-19T08:59:00Z"),
      ),
      finish(
        ownedJob(cj, "finished-job-started-minute-ago"),
        "Complete",
        at("2016-05-19T10:00:00Z"),
        at("2016-05-19T09:59:00Z"),
      ),
    ];
    const { deps, jobControl, cronJobControl, recorder } = fakeDeps();
    jobControl.createErr = new StatusError("InternalError", "quota for # of jobs reached");
    const r = syncCronJobKey(deps, cj, jobs, at("2016-05-19T10:01:00Z"));
    expect(jobControl.deleted.map((d) => d.name)).toEqual(["finished-job-started-hour-ago"]);
    expect(eventList(recorder)).toEqual(["Normal SuccessfulDelete", "Warning FailedCreate"]);
    expect(r.error?.message).toBe("quota for # of jobs reached");
    expect(r.requeueAfter).toBeNull();
    expect(cronJobControl.updates).toHaveLength(1);
  });
  it("jobs are not deleted if history limit not reached", () => {
    const cj = fooer();
    cj.spec.successfulJobsHistoryLimit = 2;
    const jobs = [
      finish(
        ownedJob(cj, "finished-job-started-hour-ago"),
        "Complete",
        at("2016-05-19T09:00:00Z"),
        at("2016-05-19T08:59:00Z"),
      ),
    ];
    const { deps, jobControl } = fakeDeps();
    syncCronJobKey(deps, cj, jobs, at("2016-05-19T09:59:00Z"));
    expect(jobControl.deleted).toEqual([]);
  });
  it("counts Complete and Failed separately, never touches running Jobs, and keeps going after a failed delete", () => {
    const cj = fooer();
    cj.spec.successfulJobsHistoryLimit = 0;
    cj.spec.failedJobsHistoryLimit = 1;
    cj.spec.suspend = true; // cleanup runs even when suspended
    const ok = finish(ownedJob(cj, "ok"), "Complete", at("2016-05-19T09:00:00Z"), at("2016-05-19T08:00:00Z"));
    const f1 = finish(ownedJob(cj, "f1"), "Failed", at("2016-05-19T09:00:00Z"), null);
    const f2 = finish(ownedJob(cj, "f2"), "Failed", at("2016-05-19T09:00:00Z"), at("2016-05-19T08:30:00Z"));
    const running = ownedJob(cj, "running");
    cj.status.active = [jobReference(running)];
    const { deps, jobControl, recorder } = fakeDeps();
    const r = syncCronJobKey(deps, cj, [running, f1, ok, f2], at("2016-05-19T09:30:00Z"));
    // f2 has a startTime, f1 none: f2 is older by the ordering and goes first.
    expect(jobControl.deleted.map((d) => d.name)).toEqual(["ok", "f2"]);
    expect(jobControl.deleted.every((d) => d.propagation === "Background")).toBe(true);
    expect(eventList(recorder)).toEqual(["Normal SuccessfulDelete", "Normal SuccessfulDelete"]);
    expect(r).toEqual({ requeueAfter: null, error: null });

    const again = fakeDeps();
    again.jobControl.deleteErr = new Error("boom");
    syncCronJobKey(again.deps, cj, [running, ok, f1, f2], at("2016-05-19T09:30:00Z"));
    expect(eventList(again.recorder)).toEqual(["Warning FailedDelete", "Warning FailedDelete"]);
  });
});

describe("TestControllerV2JobAlreadyExists", () => {
  const setup = (controlled: boolean) => {
    const cj = cronJob(); // created justBeforeTheHour
    cj.spec.concurrencyPolicy = "Forbid";
    cj.spec.schedule = "@every 1h";
    cj.status.lastScheduleTime = at("2016-05-19T08:59:00Z");
    const existing = jobFor(cj, at("2016-05-19T09:01:00Z"), "1234");
    if (!controlled) existing.metadata.ownerReferences = [];
    const f = fakeDeps();
    f.jobControl.job = existing;
    f.jobControl.createErr = new StatusError(
      "AlreadyExists",
      'jobs.batch "mycronjob-24394199" already exists',
    );
    f.cronJobControl.cronJob = cj;
    return { cj, ...f, r: syncCronJobKey(f.deps, cj, [], justBeforeTheHour()) };
  };
  it("TestControllerV2JobAlreadyExistsButNotInActiveStatus: adopts the Job and writes status once", () => {
    const { cronJobControl, recorder, r } = setup(true);
    expect(cronJobControl.updates).toHaveLength(1);
    expect(cronJobControl.updates[0]!.status.active.map((a) => a.uid)).toEqual(["1234"]);
    expect(cronJobControl.updates[0]!.status.lastScheduleTime).toBe(justBeforeTheHour());
    expect(eventList(recorder)).toEqual([]);
    expect(r).toEqual({ requeueAfter: dur("1h0m0.1s"), error: null });
  });
  it("TestControllerV2JobAlreadyExistsButDifferentOwner: no status write, no requeue", () => {
    const { cronJobControl, r } = setup(false);
    expect(cronJobControl.updates).toHaveLength(0);
    expect(r).toEqual({ requeueAfter: null, error: null });
  });
});

describe("TestControllerV2GetJobsToBeReconciled", () => {
  const fooer = (): CronJob => {
    const cj = cronJob();
    cj.metadata.name = "fooer";
    cj.metadata.namespace = "foo-ns";
    return cj;
  };
  const job = (name: string, ns: string, owner: string | null, labels: Record<string, string> = {}): Job => {
    const j = ownedJob(fooer(), name);
    j.metadata.namespace = ns;
    j.metadata.labels = labels;
    j.metadata.ownerReferences = owner === null ? [] : [{ ...j.metadata.ownerReferences[0]!, name: owner }];
    return j;
  };
  const testCases: Record<string, { jobs: Job[]; expected: string[] }> = {
    "test getJobsToBeReconciled with jobs having no owner references": {
      jobs: [job("foo", "foo-ns", null), job("foo1", "foo-ns", null), job("foo2", "foo-ns", null)],
      expected: [],
    },
    "test getJobsToBeReconciled with jobs having owner references": {
      jobs: [job("foo", "foo-ns", null), job("foo1", "foo-ns", "fooer"), job("foo2", "foo-ns", null)],
      expected: ["foo1"],
    },
    "test getJobsToBeReconciled with jobs in different namespace": {
      jobs: [job("foo", "bar-ns", null), job("foo1", "bar-ns", "fooer"), job("foo2", "bar-ns", null)],
      expected: [],
    },
    "test getJobsToBeReconciled with jobs in the same namespace with different labels": {
      jobs: [
        job("foo-fooer-owner-ref", "foo-ns", "fooer", { key: "different-value" }),
        job("foo-other-owner-ref", "foo-ns", "another-cronjob", { key: "value" }),
      ],
      expected: ["foo-fooer-owner-ref"],
    },
  };
  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      const cj = fooer();
      cj.spec.jobTemplate = {
        ...cj.spec.jobTemplate,
        metadata: { labels: { key: "value" }, annotations: {} },
      };
      expect(getJobsToBeReconciled(cj, tc.jobs).map((j) => j.metadata.name)).toEqual(tc.expected);
    });
  }
});

describe("active list reconciliation (the first part of syncCronJob)", () => {
  it("removes a finished active Job with SawCompletedJob and advances lastSuccessfulTime", () => {
    const cj = cronJobWith("0 * * * *", "2016-05-19T09:00:00Z");
    const j = finish(jobFor(cj, at("2016-05-19T09:00:00Z"), "u1"), "Failed", at("2016-05-19T09:10:00Z"));
    cj.status.active = [jobReference(j)];
    const { deps, recorder } = fakeDeps();
    const r = syncCronJob(deps, cj, [j], at("2016-05-19T09:30:00Z"));
    expect(eventList(recorder)).toEqual(["Normal SawCompletedJob"]);
    expect(recorder.events[0]!.message).toBe("Saw completed job: mycronjob-24394140, condition: Failed");
    expect(r.cronJob.status.active).toEqual([]);
    expect(r.cronJob.status.lastSuccessfulTime).toBeNull(); // Failed does not count
    expect(r.updateStatus).toBe(true);
  });
  it("drops an active reference the API no longer has (MissingJob) and keeps one it still has", () => {
    const cj = cronJobWith("0 * * * *", "2016-05-19T09:00:00Z");
    const gone = jobFor(cj, at("2016-05-19T08:00:00Z"), "gone");
    const kept = jobFor(cj, at("2016-05-19T09:00:00Z"), "kept");
    cj.status.active = [jobReference(gone), jobReference(kept)];
    const { deps, jobControl, recorder } = fakeDeps();
    jobControl.jobsByName.set(kept.metadata.name, kept);
    const r = syncCronJob(deps, cj, [], at("2016-05-19T09:30:00Z"));
    expect(eventList(recorder)).toEqual(["Normal MissingJob"]);
    expect(r.cronJob.status.active.map((a) => a.uid)).toEqual(["kept"]);
    expect(r.requeueAfter).toBe(dur("30m0.1s"));
  });
  it("warns UnexpectedJob for a running owned Job in neither copy's active list, without adopting it", () => {
    const cj = cronJobWith("0 * * * *", "2016-05-19T09:00:00Z");
    const stray = jobFor(cj, at("2016-05-19T09:00:00Z"), "stray");
    const { deps, cronJobControl, recorder } = fakeDeps();
    cronJobControl.cronJob = cj;
    const r = syncCronJob(deps, cj, [stray], at("2016-05-19T09:30:00Z"));
    expect(eventList(recorder)).toEqual(["Warning UnexpectedJob"]);
    expect(r.cronJob.status.active).toEqual([]);
    expect(r.updateStatus).toBe(false);
  });
  it("stops after status changes when the CronJob is being deleted", () => {
    const cj = cronJobWith("* * * * *", "2016-05-19T09:00:00Z");
    cj.metadata.deletionTimestamp = at("2016-05-19T09:00:30Z");
    const { deps, jobControl } = fakeDeps();
    const r = syncCronJob(deps, cj, [], at("2016-05-19T09:30:00Z"));
    expect([r.requeueAfter, r.error, jobControl.created.length]).toEqual([null, null, 0]);
  });
  it("reports an InvalidSchedule for an impossible date and does not requeue", () => {
    const cj = cronJobWith("0 0 30 2 *", null);
    const { deps, recorder } = fakeDeps();
    const r = syncCronJob(deps, cj, [], at("2016-05-19T09:30:00Z"));
    expect(recorder.events.map((e) => e.message)).toEqual([
      "invalid schedule: 0 0 30 2 * : time difference between two schedules is less than 1 second",
    ]);
    expect(r.requeueAfter).toBeNull();
  });
});

/** Run one sync with decisions recorded. */
function run(cj: CronJob, now: string, jobs: Job[] = []) {
  const f = fakeDeps();
  f.cronJobControl.cronJob = cj;
  const r = syncCronJob(f.deps, cj, jobs, at(now));
  return { ...f, r, created: f.jobControl.created.map((j) => j.metadata.name) };
}
const decided = (d: { scheduledTime: number; decision: string }[]) =>
  d.map((x) => `${new Date(x.scheduledTime).toISOString().slice(0, 16)} ${x.decision}`);

describe("derived scenarios (not upstream tests) and schedule decisions", () => {
  it("FORBID-LATE: the blocked instant runs as soon as the active Job finishes", () => {
    const cj = cronJobWith("0 * * * *", "2024-01-01T09:00:00Z", { concurrencyPolicy: "Forbid" });
    const prev = jobFor(cj, at("2024-01-01T09:00:00Z"), "prev");
    cj.status.active = [jobReference(prev)];
    const blocked = run(structuredClone(cj), "2024-01-01T10:00:00.100Z", [prev]);
    expect(eventList(blocked.recorder)).toEqual(["Normal JobAlreadyActive"]);
    expect(decided(blocked.decisions)).toEqual(["2024-01-01T10:00 forbidden"]);

    finish(prev, "Complete", at("2024-01-01T10:20:00Z"));
    const late = run(cj, "2024-01-01T10:20:00Z", [prev]);
    expect(late.created).toEqual(["mycronjob-28401720"]);
    expect(eventList(late.recorder)).toEqual(["Normal SawCompletedJob", "Normal SuccessfulCreate"]);
    expect(late.r.cronJob.status.lastScheduleTime).toBe(at("2024-01-01T10:00:00Z"));
    expect(late.r.requeueAfter).toBe(dur("40m0.1s"));
    expect(decided(late.decisions)).toEqual(["2024-01-01T10:00 created"]);
  });
  it("FORBID-LATE-SDS: with SDS 600 the late start is skipped silently", () => {
    const cj = cronJobWith("0 * * * *", "2024-01-01T09:00:00Z", {
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 600,
    });
    const prev = finish(
      jobFor(cj, at("2024-01-01T09:00:00Z"), "prev"),
      "Complete",
      at("2024-01-01T10:20:00Z"),
    );
    cj.status.active = [jobReference(prev)];
    const late = run(cj, "2024-01-01T10:20:00Z", [prev]);
    expect(late.created).toEqual([]);
    expect(eventList(late.recorder)).toEqual(["Normal SawCompletedJob"]);
    expect(late.r.requeueAfter).toBe(dur("40m0.1s"));
    expect(decided(late.decisions)).toEqual(["2024-01-01T10:00 missedDeadline"]);
  });
  it("DOCS-DOWNTIME: n = 112 warns and runs 10:21; SDS 200 runs it without the warning", () => {
    const noSds = run(cronJobWith("* * * * *", "2024-01-01T08:29:00Z"), "2024-01-01T10:21:00Z");
    expect(eventList(noSds.recorder)).toEqual(["Warning TooManyMissedTimes", "Normal SuccessfulCreate"]);
    expect(noSds.r.cronJob.status.lastScheduleTime).toBe(at("2024-01-01T10:21:00Z"));
    const sds = run(
      cronJobWith("* * * * *", "2024-01-01T08:29:00Z", { startingDeadlineSeconds: 200 }),
      "2024-01-01T10:21:00Z",
    );
    expect(eventList(sds.recorder)).toEqual(["Normal SuccessfulCreate"]);
    // 08:30…10:17 fell out of the window (≤ 10:17:40), 10:18…10:20 were superseded.
    const d = sds.decisions.map((x) => x.decision);
    expect(d.filter((x) => x === "missedDeadline")).toHaveLength(108);
    expect(decided(sds.decisions.slice(-4))).toEqual([
      "2024-01-01T10:18 superseded",
      "2024-01-01T10:19 superseded",
      "2024-01-01T10:20 superseded",
      "2024-01-01T10:21 created",
    ]);
  });
  it("SDS-ZERO never creates; SDS-ONE does", () => {
    const zero = run(
      cronJobWith("* * * * *", "2024-01-01T08:29:00Z", { startingDeadlineSeconds: 0 }),
      "2024-01-01T08:30:00.100Z",
    );
    expect([zero.created, zero.r.requeueAfter]).toEqual([[], dur("1m")]);
    expect(decided(zero.decisions)).toEqual(["2024-01-01T08:30 missedDeadline"]);
    const one = run(
      cronJobWith("* * * * *", "2024-01-01T08:29:00Z", { startingDeadlineSeconds: 1 }),
      "2024-01-01T08:30:00.100Z",
    );
    expect(one.r.cronJob.status.lastScheduleTime).toBe(at("2024-01-01T08:30:00Z"));
  });
  it("RESUME-1..3: one catch-up Job for the latest instant, unless SDS excludes it", () => {
    const now = "2024-01-04T12:34:00Z";
    const r1 = run(cronJobWith("0 * * * *", "2024-01-01T09:00:00Z"), now);
    expect(eventList(r1.recorder)).toEqual(["Normal SuccessfulCreate"]); // n = 75: few
    expect([r1.r.cronJob.status.lastScheduleTime, r1.r.requeueAfter]).toEqual([
      at("2024-01-04T12:00:00Z"),
      dur("26m0.1s"),
    ]);
    expect(r1.decisions.filter((d) => d.decision === "superseded")).toHaveLength(74);
    const r2 = run(cronJobWith("0 * * * *", "2024-01-01T09:00:00Z", { startingDeadlineSeconds: 3600 }), now);
    expect(r2.r.cronJob.status.lastScheduleTime).toBe(at("2024-01-04T12:00:00Z"));
    expect(r2.decisions.filter((d) => d.decision === "missedDeadline")).toHaveLength(74);
    const r3 = run(cronJobWith("0 * * * *", "2024-01-01T09:00:00Z", { startingDeadlineSeconds: 1800 }), now);
    expect([r3.created, r3.r.requeueAfter]).toEqual([[], dur("26m0.1s")]);
  });
  it("EVERY-SDS: @every with SDS below the period never schedules (anchored at now − SDS)", () => {
    const cj = cronJobWith("@every 1h", null, { startingDeadlineSeconds: 300 });
    cj.metadata.creationTimestamp = at("2024-01-01T08:00:00Z");
    const r = run(cj, "2024-01-01T09:00:00.100Z");
    expect([r.created, r.r.requeueAfter]).toEqual([[], dur("1h0m0s")]);
    expect(eventList(r.recorder)).toEqual([]);
  });
  it("PR117528: SDS longer than the interval runs only the latest instant", () => {
    const r = run(
      cronJobWith("*/10 * * * *", "2024-01-01T08:10:00Z", { startingDeadlineSeconds: 3600 }),
      "2024-01-01T08:42:00Z",
    );
    expect(decided(r.decisions)).toEqual([
      "2024-01-01T08:20 superseded",
      "2024-01-01T08:30 superseded",
      "2024-01-01T08:40 created",
    ]);
  });
  it("DST-1 and DST-2: requeue across fall-back and spring-forward in America/New_York", () => {
    const fall = run(
      cronJobWith("30 1 * * *", "2024-11-03T05:30:00Z", { timeZone: newYork }),
      "2024-11-03T05:30:00.500Z",
    );
    expect(fall.r.requeueAfter).toBe(dur("59m59.6s"));
    const spring = run(
      cronJobWith("30 2 * * *", "2024-03-09T07:30:00Z", { timeZone: newYork }),
      "2024-03-09T07:30:00.100Z",
    );
    expect(spring.r.requeueAfter).toBe(dur("47h0m0s"));
  });
  it("suspended: reconciles, emits no event, no requeue, and reports the instant it skipped", () => {
    const r = run(
      cronJobWith("0 * * * *", "2016-05-19T09:00:00Z", { suspend: true }),
      "2016-05-19T10:00:00.100Z",
    );
    expect([r.created, eventList(r.recorder), r.r.requeueAfter]).toEqual([[], [], null]);
    expect(decided(r.decisions)).toEqual(["2016-05-19T10:00 suspended"]);
  });
  it("Replace: deletes every active Job, then creates; one decision for the instant", () => {
    const cj = cronJobWith("0 * * * *", "2016-05-19T09:00:00Z", { concurrencyPolicy: "Replace" });
    const a = jobFor(cj, at("2016-05-19T08:00:00Z"), "a");
    const b = jobFor(cj, at("2016-05-19T09:00:00Z"), "b");
    cj.status.active = [jobReference(a), jobReference(b)];
    const f = fakeDeps();
    f.jobControl.jobsByName.set(a.metadata.name, a);
    f.jobControl.jobsByName.set(b.metadata.name, b);
    const r = syncCronJob(f.deps, cj, [a, b], at("2016-05-19T10:00:00.100Z"));
    expect(f.jobControl.deleted.map((d) => d.name)).toEqual(["mycronjob-24394080", "mycronjob-24394140"]);
    expect(r.cronJob.status.active.map((x) => x.name)).toEqual(["mycronjob-24394200"]);
    expect(decided(f.decisions)).toEqual(["2016-05-19T10:00 created"]);
  });
  it("Replace: a failed delete aborts with an error and creates nothing", () => {
    const cj = cronJobWith("0 * * * *", "2016-05-19T09:00:00Z", { concurrencyPolicy: "Replace" });
    const a = jobFor(cj, at("2016-05-19T09:00:00Z"), "a");
    cj.status.active = [jobReference(a)];
    const f = fakeDeps();
    f.jobControl.job = a;
    f.jobControl.deleteErr = new Error("nope");
    const r = syncCronJob(f.deps, cj, [a], at("2016-05-19T10:00:00.100Z"));
    expect(r.error?.message).toBe("could not replace job snazzycats/mycronjob-24394140");
    expect(eventList(f.recorder)).toEqual(["Warning FailedDelete"]);
    expect(f.jobControl.created).toEqual([]);
  });
});
