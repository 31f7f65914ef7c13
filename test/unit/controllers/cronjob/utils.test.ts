/**
 * Upstream utils_test.go: TestMostRecentScheduleTime,
 * TestNextScheduleTimeDuration, TestNextScheduleTime, TestByJobStartTime, TestGetJobFromTemplate2,
 * plus job naming.
 */
import { describe, expect, it } from "vitest";
import {
  compareByJobStartTime,
  ERR_SCHEDULE_GAP,
  getJobFromTemplate2,
  getJobName,
  getTimeHashInMinutes,
  type MissedSchedules,
  mostRecentScheduleTime,
  nextScheduleTime,
  nextScheduleTimeDuration,
  parseStandard,
} from "../../../../src/controllers/cronjob/index.js";
import type { Schedule } from "../../../../src/cron/index.js";
import { MemoryRecorder } from "../../../../src/k8s/events.js";
import { CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION, type Job } from "../../../../src/k8s/types.js";
import { at, cronJob, dur, topOfTheHour } from "../../../helpers/cronjob-builders.js";
import { newJob } from "../../../helpers/job-builders.js";

function sched(text: string): Schedule {
  const p = parseStandard(text);
  if (!p.ok) throw new Error(`test setup error: ${p.message}`);
  return p.schedule;
}

describe("TestMostRecentScheduleTime", () => {
  const testCases: Record<
    string,
    {
      // cronjob setup
      schedule: string;
      creation: string;
      lastSchedule?: string;
      deadline?: number;
      includeSDS?: boolean;
      // environment
      now: string;
      // expectations
      expectedEarliest?: string;
      expectedRecent: string | null;
      expectedMissed?: MissedSchedules;
      wantErr?: boolean;
    }
  > = {
    "now before next schedule": {
      schedule: "0 * * * *",
      creation: "2016-05-19T10:00:00Z",
      now: "2016-05-19T10:00:30Z",
      expectedEarliest: "2016-05-19T10:00:00Z",
      expectedRecent: null,
      expectedMissed: "none",
    },
    "now just after next schedule": {
      schedule: "0 * * * *",
      creation: "2016-05-19T10:00:00Z",
      now: "2016-05-19T11:01:00Z",
      expectedEarliest: "2016-05-19T10:00:00Z",
      expectedRecent: "2016-05-19T11:00:00Z",
      expectedMissed: "none",
    },
    "missed 5 schedules": {
      schedule: "0 * * * *",
      creation: "2016-05-19T10:00:10Z",
      now: "2016-05-19T15:01:00Z",
      expectedEarliest: "2016-05-19T10:00:10Z",
      expectedRecent: "2016-05-19T15:00:00Z",
      expectedMissed: "few",
    },
    "complex schedule": {
      schedule: "30 6-16/4 * * 1-5",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      now: "2016-05-20T10:31:00Z",
      expectedEarliest: "2016-05-19T10:30:00Z",
      expectedRecent: "2016-05-20T10:30:00Z",
      expectedMissed: "few",
    },
    // The estimate starts at Fri 15:30 and its first Next is Mon 10:30: the true latest (Fri 12:30) is lost.
    "another complex schedule": {
      schedule: "30 10,11,12 * * 1-5",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      now: "2016-05-20T16:30:00Z",
      expectedEarliest: "2016-05-19T10:30:00Z",
      expectedRecent: null,
      expectedMissed: "few",
    },
    "complex schedule with longer diff between executions": {
      schedule: "30 6-16/4 * * 1-5",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      now: "2016-05-23T10:31:00Z",
      expectedEarliest: "2016-05-19T10:30:00Z",
      expectedRecent: "2016-05-23T10:30:00Z",
      expectedMissed: "few",
    },
    "complex schedule with shorter diff between executions": {
      schedule: "30 6-16/4 * * 1-5",
      creation: "2016-05-19T10:00:00Z",
      now: "2016-05-20T10:31:00Z",
      expectedEarliest: "2016-05-19T10:00:00Z",
      expectedRecent: "2016-05-20T10:30:00Z",
      expectedMissed: "few",
    },
    "@every schedule": {
      schedule: "@every 1h",
      creation: "2016-05-19T09:01:00Z",
      deadline: 10,
      lastSchedule: "2016-05-19T10:01:00Z",
      now: "2016-05-26T10:00:00Z",
      expectedEarliest: "2016-05-19T10:01:00Z",
      expectedRecent: "2016-05-26T09:01:00Z",
      expectedMissed: "many",
    },
    "rogue cronjob": {
      schedule: "59 23 31 2 *",
      creation: "2016-05-19T10:00:10Z",
      now: "2016-05-19T11:00:00Z",
      expectedRecent: null,
      wantErr: true,
    },
    "earliestTime being CreationTimestamp and LastScheduleTime": {
      schedule: "0 * * * *",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:00:00Z",
      now: "2016-05-19T10:00:30Z",
      expectedEarliest: "2016-05-19T10:00:00Z",
      expectedRecent: null,
      expectedMissed: "none",
    },
    "earliestTime being LastScheduleTime": {
      schedule: "*/5 * * * *",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      now: "2016-05-19T10:31:00Z",
      expectedEarliest: "2016-05-19T10:30:00Z",
      expectedRecent: null,
      expectedMissed: "none",
    },
    "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)": {
      schedule: "*/5 * * * *",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      deadline: 60,
      now: "2016-05-19T10:31:00Z",
      expectedEarliest: "2016-05-19T10:30:00Z",
      expectedRecent: null,
      expectedMissed: "none",
    },
    "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)": {
      schedule: "*/5 * * * *",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      deadline: 60,
      includeSDS: true,
      now: "2016-05-19T10:32:00Z",
      expectedEarliest: "2016-05-19T10:31:00Z",
      expectedRecent: null,
      expectedMissed: "none",
    },
  };

  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      const cj = cronJob();
      cj.spec.schedule = tc.schedule;
      cj.metadata.creationTimestamp = at(tc.creation);
      cj.status.lastScheduleTime = tc.lastSchedule ? at(tc.lastSchedule) : null;
      cj.spec.startingDeadlineSeconds = tc.deadline ?? null;
      const r = mostRecentScheduleTime(cj, at(tc.now), sched(tc.schedule), tc.includeSDS ?? false);
      expect(r.error).toBe(tc.wantErr ? ERR_SCHEDULE_GAP : null);
      expect(r.mostRecent).toBe(tc.expectedRecent === null ? null : at(tc.expectedRecent));
      if (tc.expectedEarliest !== undefined) expect(r.earliest).toBe(at(tc.expectedEarliest));
      if (tc.expectedMissed !== undefined) {
        expect(r.missed).toBe(tc.expectedMissed);
        expect(r.tooMany).toBe(tc.expectedMissed === "many");
      }
    });
  }

  it("counts n = 100 as few and n = 101 as many (per-minute, LST 08:29; nextScheduleTime)", () => {
    const cj = cronJob();
    cj.spec.schedule = "* * * * *";
    cj.status.lastScheduleTime = at("2024-01-01T08:29:00Z");
    const s = sched("* * * * *");
    const few = mostRecentScheduleTime(cj, at("2024-01-01T10:09:00Z"), s, true);
    const many = mostRecentScheduleTime(cj, at("2024-01-01T10:10:00Z"), s, true);
    expect([few.estimatedMissed, few.missed]).toEqual([100, "few"]);
    expect([many.estimatedMissed, many.missed]).toEqual([101, "many"]);
    expect(many.mostRecent).toBe(at("2024-01-01T10:10:00Z"));
  });
});

describe("TestNextScheduleTimeDuration", () => {
  const testCases: Record<
    string,
    { schedule: string; creation: string; lastSchedule?: string; now: string; expected: string }
  > = {
    "complex schedule skipping weekend": {
      schedule: "30 6-16/4 * * 1-5",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      now: "2016-05-20T10:31:00Z",
      expected: "3h59m0.1s",
    },
    // Few missed, none found (estimate overshoot): anchor is now → Mon 10:30.
    "another complex schedule skipping weekend": {
      schedule: "30 10,11,12 * * 1-5",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T10:30:00Z",
      now: "2016-05-20T16:30:00Z",
      expected: "66h0m0.1s",
    },
    "once a week cronjob, missed two runs": {
      schedule: "0 12 * * 4",
      creation: "2016-05-19T10:00:00Z",
      lastSchedule: "2016-05-19T12:00:00Z",
      now: "2016-06-07T11:30:00Z",
      expected: "48h30m0.1s",
    },
    "no previous run of a cronjob": {
      schedule: "0 12 * * 5",
      creation: "2016-05-19T10:00:00Z",
      now: "2016-05-19T16:00:00Z",
      expected: "20h0m0.1s",
    },
  };
  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      const cj = cronJob();
      cj.spec.schedule = tc.schedule;
      cj.metadata.creationTimestamp = at(tc.creation);
      cj.status.lastScheduleTime = tc.lastSchedule ? at(tc.lastSchedule) : null;
      expect(nextScheduleTimeDuration(cj, at(tc.now), sched(tc.schedule))).toBe(dur(tc.expected));
    });
  }

  it("is a huge negative duration for an impossible schedule (error path anchors at now)", () => {
    const cj = cronJob();
    cj.metadata.creationTimestamp = at("2016-05-19T10:00:10Z");
    expect(nextScheduleTimeDuration(cj, at("2016-05-19T11:00:00Z"), sched("59 23 31 2 *"))).toBeLessThan(
      -1e12,
    );
  });
});

describe("TestNextScheduleTime", () => {
  // One CronJob mutated case by case, as upstream does. T1 = 10:00, T2 = 11:00.
  const cj = cronJob();
  cj.spec.schedule = "0 * * * ?";
  const s = sched("0 * * * ?");
  const recorder = new MemoryRecorder();
  const T1 = topOfTheHour();
  const T2 = at("2016-05-19T11:00:00Z");

  it("no unmet schedule before the first instant", () => {
    cj.metadata.creationTimestamp = T1 - 10 * 60_000;
    expect(nextScheduleTime(cj, T1 - 7 * 60_000, s, recorder).scheduledTime).toBeNull();
  });
  it("the first instant once it passed", () => {
    expect(nextScheduleTime(cj, T1 + 2_000, s, recorder).scheduledTime).toBe(T1);
  });
  it("nothing unmet right after LST", () => {
    cj.status.lastScheduleTime = T1;
    expect(nextScheduleTime(cj, T1 + 2 * 60_000, s, recorder).scheduledTime).toBeNull();
  });
  it("the next instant after LST", () => {
    expect(nextScheduleTime(cj, T2 + 5 * 60_000, s, recorder).scheduledTime).toBe(T2);
  });
  it("two missed: only the latest", () => {
    cj.metadata.creationTimestamp = T1 - 2 * 3_600_000;
    cj.status.lastScheduleTime = T1 - 3_600_000;
    expect(nextScheduleTime(cj, T2 + 5 * 60_000, s, recorder).scheduledTime).toBe(T2);
  });
  it("many missed: still the latest, with Warning TooManyMissedTimes", () => {
    const now = at("2016-05-29T11:00:00Z");
    expect(recorder.events).toHaveLength(0);
    expect(nextScheduleTime(cj, now, s, recorder).scheduledTime).toBe(now);
    expect(recorder.events.map((e) => `${e.type} ${e.reason}`)).toEqual(["Warning TooManyMissedTimes"]);
  });
  it("many missed but SDS 7200 keeps it few (no warning)", () => {
    cj.spec.startingDeadlineSeconds = 7200;
    const now = at("2016-05-29T11:00:00Z");
    expect(nextScheduleTime(cj, now, s, recorder).scheduledTime).toBe(now);
    expect(recorder.events).toHaveLength(1);
  });
  it("rogue schedule: none, with an error", () => {
    cj.metadata.creationTimestamp = at("2016-05-19T10:00:10Z");
    cj.status.lastScheduleTime = null;
    expect(nextScheduleTime(cj, T2, sched("59 23 31 2 *"), recorder)).toEqual({
      scheduledTime: null,
      error: ERR_SCHEDULE_GAP,
    });
  });
});

describe("TestByJobStartTime", () => {
  const now = at("2018-01-01T02:03:04.000Z");
  const later = at("2019-01-01T02:03:04.000Z");
  const job = (name: string, start: number | null): Job => {
    const j = newJob();
    j.metadata.name = name;
    j.status.startTime = start;
    return j;
  };
  const testCases: Record<string, { input: Job[]; expected: string[] }> = {
    "both have nil start times": { input: [job("b", null), job("a", null)], expected: ["a", "b"] },
    "only the first has a nil start time": { input: [job("a", null), job("b", now)], expected: ["b", "a"] },
    "only the second has a nil start time": { input: [job("a", now), job("b", null)], expected: ["a", "b"] },
    "both have the same start time": { input: [job("b", now), job("a", now)], expected: ["a", "b"] },
    "both have different start times": { input: [job("a", later), job("b", now)], expected: ["b", "a"] },
  };
  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      expect([...tc.input].sort(compareByJobStartTime).map((j) => j.metadata.name)).toEqual(tc.expected);
    });
  }
});

describe("TestGetJobFromTemplate2", () => {
  const scheduledTime = at("2016-05-19T10:00:00Z");
  const testCases: Record<
    string,
    {
      timeZone: string | null;
      annotations: Record<string, string>;
      expectedAnnotations: number;
      expectedScheduled: string;
    }
  > = {
    "UTC timezone and one annotation": {
      timeZone: "UTC",
      annotations: { x: "y" },
      expectedAnnotations: 2,
      expectedScheduled: "2016-05-19T10:00:00Z",
    },
    "nil timezone and one annotation": {
      timeZone: null,
      annotations: { x: "y" },
      expectedAnnotations: 2,
      expectedScheduled: "2016-05-19T10:00:00Z",
    },
    "Europe/Rome timezone and two annotations": {
      timeZone: "Europe/Rome",
      annotations: { x: "y", z: "x" },
      expectedAnnotations: 3,
      expectedScheduled: "2016-05-19T12:00:00+02:00",
    },
  };
  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      const cj = cronJob();
      cj.spec.timeZone = tc.timeZone;
      cj.spec.jobTemplate = {
        ...cj.spec.jobTemplate,
        metadata: { labels: { a: "b" }, annotations: tc.annotations },
      };
      const job = getJobFromTemplate2(cj, scheduledTime);
      if (job instanceof Error) throw job;
      expect(job.metadata.name.startsWith("mycronjob-")).toBe(true);
      expect(job.metadata.name).toBe("mycronjob-24394200");
      expect(job.metadata.namespace).toBe("snazzycats");
      expect(job.metadata.labels).toEqual({ a: "b" });
      expect(Object.keys(job.metadata.annotations)).toHaveLength(tc.expectedAnnotations);
      expect(job.metadata.annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]).toBe(tc.expectedScheduled);
      expect(job.metadata.ownerReferences).toEqual([
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: "mycronjob",
          uid: "1a2b3c",
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      // Specs are immutable values in jobsim: the request shares the template's (the store copies).
      expect(job.spec).toEqual(cj.spec.jobTemplate.spec);
    });
  }

  it("fails like time.LoadLocation for an unloadable zone", () => {
    const cj = cronJob();
    cj.spec.timeZone = "bad timezone";
    expect(getJobFromTemplate2(cj, scheduledTime)).toBeInstanceOf(Error);
  });
});

describe("job naming", () => {
  it("suffixes unix minutes of the scheduled time (getJobName)", () => {
    const cj = cronJob();
    expect(getJobName(cj, at("2016-05-19T10:00:00Z"))).toBe("mycronjob-24394200");
    expect(getJobName(cj, at("2016-05-19T09:59:59Z"))).toBe("mycronjob-24394199");
    expect(getTimeHashInMinutes(at("2024-01-01T10:00:00Z"))).toBe(28401720);
  });
  it("maps two instants of one minute to one name (one Job per minute)", () => {
    const cj = cronJob();
    expect(getJobName(cj, at("2016-05-19T10:00:00Z"))).toBe(getJobName(cj, at("2016-05-19T10:00:30Z")));
  });
  it("renders the DST fall-back runs (same wall time, two UTC instants) with distinct names", () => {
    const cj = cronJob();
    cj.metadata.name = "x";
    expect(getJobName(cj, at("2024-11-03T05:30:00Z"))).toBe("x-28843530");
    expect(getJobName(cj, at("2024-11-03T06:30:00Z"))).toBe("x-28843590");
  });
});
