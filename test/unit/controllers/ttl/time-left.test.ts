/**
 * upstream ttlafterfinished_controller_test.go `TestTimeLeft`, ported table-driven with the
 * upstream case names, plus the rules of getFinishAndExpireTime: a finish time in the future
 * only defers cleanup (clock skew), and the first Complete/Failed condition gives the finish time.
 */
import { describe, expect, it } from "vitest";
import { getFinishAndExpireTime, needsCleanup, timeLeft } from "../../../../src/controllers/ttl/time-left.js";
import { type Millis, SECOND, type SimTime } from "../../../../src/engine/time.js";
import type { Job, JobCondition } from "../../../../src/k8s/types.js";
import { newJob, REFERENCE_TIME } from "../../../helpers/job-builders.js";

const now = REFERENCE_TIME;

function cond(type: "Complete" | "Failed", at: SimTime): JobCondition {
  return { type, status: "True", reason: "", message: "", lastProbeTime: at, lastTransitionTime: at };
}

/** upstream's test `newJob(completionTime, failedTime, ttl)`: null leaves a field unset. */
function ttlJob(completionTime: SimTime | null, failedTime: SimTime | null, ttl: number | null): Job {
  const job = newJob();
  if (completionTime !== null) job.status.conditions.push(cond("Complete", completionTime));
  if (failedTime !== null) job.status.conditions.push(cond("Failed", failedTime));
  job.spec.ttlSecondsAfterFinished = ttl;
  return job;
}

interface TimeLeftCase {
  // job setup
  completionTime?: SimTime;
  failedTime?: SimTime;
  ttl?: number;
  since: SimTime;
  // expectations
  expectErrStr?: string;
  expectedTimeLeft?: Millis;
  expectedExpireAt?: SimTime;
}

const testCases: Record<string, TimeLeftCase> = {
  "Error case: Job unfinished": {
    ttl: 100,
    since: now,
    expectErrStr: "should not be cleaned up",
  },
  "Error case: Job completed now, no TTL": {
    completionTime: now,
    since: now,
    expectErrStr: "should not be cleaned up",
  },
  "Job completed now, 0s TTL": {
    completionTime: now,
    ttl: 0,
    since: now,
    expectedTimeLeft: 0,
    expectedExpireAt: now,
  },
  "Job completed now, 10s TTL": {
    completionTime: now,
    ttl: 10,
    since: now,
    expectedTimeLeft: 10 * SECOND,
    expectedExpireAt: now + 10 * SECOND,
  },
  "Job completed 10s ago, 15s TTL": {
    completionTime: now - 10 * SECOND,
    ttl: 15,
    since: now,
    expectedTimeLeft: 5 * SECOND,
    expectedExpireAt: now + 5 * SECOND,
  },
  "Error case: Job failed now, no TTL": {
    failedTime: now,
    since: now,
    expectErrStr: "should not be cleaned up",
  },
  "Job failed now, 0s TTL": {
    failedTime: now,
    ttl: 0,
    since: now,
    expectedTimeLeft: 0,
    expectedExpireAt: now,
  },
  "Job failed now, 10s TTL": {
    failedTime: now,
    ttl: 10,
    since: now,
    expectedTimeLeft: 10 * SECOND,
    expectedExpireAt: now + 10 * SECOND,
  },
  "Job failed 10s ago, 15s TTL": {
    failedTime: now - 10 * SECOND,
    ttl: 15,
    since: now,
    expectedTimeLeft: 5 * SECOND,
    expectedExpireAt: now + 5 * SECOND,
  },
};

describe("TestTimeLeft", () => {
  it.each(Object.entries(testCases))("%s", (_name, tc) => {
    const job = ttlJob(tc.completionTime ?? null, tc.failedTime ?? null, tc.ttl ?? null);
    const got = timeLeft(job, tc.since);
    if (tc.expectErrStr !== undefined) {
      expect(got).toBeInstanceOf(Error);
      expect((got as Error).message).toContain(tc.expectErrStr);
      return;
    }
    if (got instanceof Error) throw got;
    expect(got.timeLeft).toBe(tc.expectedTimeLeft);
    expect(got.expireAt).toBe(tc.expectedExpireAt);
  });
});

describe("timeLeft beyond upstream's table", () => {
  it("a finish time in the future (clock skew) only defers cleanup", () => {
    const got = timeLeft(ttlJob(now + 30 * SECOND, null, 10), now);
    if (got instanceof Error) throw got;
    expect(got).toEqual({
      finishAt: now + 30 * SECOND,
      expireAt: now + 40 * SECOND,
      timeLeft: 40 * SECOND,
      finishedInFuture: true,
    });
  });

  it("an expired TTL gives a negative time left", () => {
    const got = timeLeft(ttlJob(now - 100 * SECOND, null, 15), now);
    if (got instanceof Error) throw got;
    expect(got.timeLeft).toBe(-85 * SECOND);
    expect(got.finishedInFuture).toBe(false);
  });

  it("the first terminal condition in the list gives the finish time", () => {
    const job = ttlJob(null, now - 10 * SECOND, 15);
    job.status.conditions.push(cond("Complete", now - 5 * SECOND));
    expect(getFinishAndExpireTime(job)).toEqual({ finishAt: now - 10 * SECOND, expireAt: now + 5 * SECOND });
  });

  it("a Complete=False condition does not count as finished", () => {
    const job = ttlJob(null, null, 0);
    job.status.conditions.push({ ...cond("Complete", now), status: "False" });
    expect(needsCleanup(job)).toBe(false);
    expect(getFinishAndExpireTime(job)).toBeInstanceOf(Error);
  });

  it("SuccessCriteriaMet alone is not finished (delayed terminal conditions)", () => {
    const job = ttlJob(null, null, 0);
    job.status.conditions.push({ ...cond("Complete", now), type: "SuccessCriteriaMet" });
    expect(needsCleanup(job)).toBe(false);
  });
});
