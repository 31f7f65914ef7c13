/**
 * Ported from upstream backoff_utils_test.go: TestGetRemainingBackoffTime,
 * TestNewBackoffRecord, TestGetFinishedTime. The per-index cases
 * (TestGetRemainingBackoffTimePerIndex, TestGetPodCreationInfoForIndependentIndexes) are in
 * backoff-per-index.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  BackoffStore,
  getFinishedTime,
  getRemainingTime,
  newBackoffRecord,
} from "../../../../src/controllers/job/backoff.js";
import {
  DefaultJobPodFailureBackOff,
  MaxJobPodFailureBackOff,
} from "../../../../src/controllers/job/constants.js";
import { FakeClock } from "../../../../src/engine/clock.js";
import { type Millis, SECOND } from "../../../../src/engine/time.js";
import { buildPod, REFERENCE_TIME as T } from "../../../helpers/job-builders.js";

describe("TestGetRemainingBackoffTime", () => {
  const testCases: Record<string, { failures: number; now: number; want: Millis }> = {
    "no failures": { failures: 0, now: T, want: 0 },
    "one failure; current time and failure time are same": { failures: 1, now: T, want: 5 * SECOND },
    "one failure; current time == 1 second + failure time": {
      failures: 1,
      now: T + SECOND,
      want: 4 * SECOND,
    },
    "one failure; current time == expected backoff time": { failures: 1, now: T + 5 * SECOND, want: 0 },
    "three failures; current time and failure time are same": { failures: 3, now: T, want: 20 * SECOND },
    "eight failures; current time and failure time are same; backoff not exceeding maxBackoff": {
      failures: 8,
      now: T,
      want: 640 * SECOND,
    },
    "nine failures; current time and failure time are same; backoff exceeding maxBackoff": {
      failures: 9,
      now: T,
      want: 700 * SECOND,
    },
  };
  it.each(Object.entries(testCases))("%s", (_, tc) => {
    const clock = new FakeClock(tc.now);
    const record = { failuresAfterLastSuccess: tc.failures, lastFailureTime: T };
    expect(getRemainingTime(clock, record, 5 * SECOND, 700 * SECOND)).toBe(tc.want);
  });

  it("production constants give 10 s doubling per failure, capped at 10 min", () => {
    const clock = new FakeClock(T);
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      getRemainingTime(
        clock,
        { failuresAfterLastSuccess: n, lastFailureTime: T },
        DefaultJobPodFailureBackOff,
        MaxJobPodFailureBackOff,
      ),
    );
    expect(delays.map((d) => d / SECOND)).toEqual([10, 20, 40, 80, 160, 320, 600, 600]);
  });
});

describe("TestNewBackoffRecord", () => {
  const pod = (name: string, finishedAt: number) =>
    buildPod().name(name).phase("Succeeded").finishedAt(finishedAt).build();
  const testCases: Record<
    string,
    {
      stored: { failuresAfterLastSuccess: number; lastFailureTime: number | null } | undefined;
      succeeded: number[];
      failed: number[];
      want: { failuresAfterLastSuccess: number; lastFailureTime: number | null };
    }
  > = {
    "Empty backoff store, two failures, one success and two more failures": {
      stored: undefined,
      succeeded: [T - 2],
      failed: [T, T - 4, T - 3, T - 1],
      want: { failuresAfterLastSuccess: 2, lastFailureTime: T },
    },
    "Backoff store having failure count 2 and one new failure": {
      stored: { failuresAfterLastSuccess: 2, lastFailureTime: null },
      succeeded: [],
      failed: [T],
      want: { failuresAfterLastSuccess: 3, lastFailureTime: T },
    },
    "Empty backoff store with success and failure at same timestamp": {
      stored: undefined,
      succeeded: [T],
      failed: [T],
      want: { failuresAfterLastSuccess: 0, lastFailureTime: null },
    },
    "Empty backoff store with no success/failure": {
      stored: undefined,
      succeeded: [],
      failed: [],
      want: { failuresAfterLastSuccess: 0, lastFailureTime: null },
    },
    "Empty backoff store with one success": {
      stored: undefined,
      succeeded: [T],
      failed: [],
      want: { failuresAfterLastSuccess: 0, lastFailureTime: null },
    },
    "Empty backoff store, two failures followed by success": {
      stored: undefined,
      succeeded: [T],
      failed: [T - 2, T - 1],
      want: { failuresAfterLastSuccess: 0, lastFailureTime: null },
    },
  };
  it.each(Object.entries(testCases))("%s", (_, tc) => {
    const store = new BackoffStore();
    if (tc.stored) store.update("default/foobar", tc.stored);
    const got = store.newBackoffRecord(
      "default/foobar",
      tc.succeeded.map((t, i) => pod(`s${i}`, t)),
      tc.failed.map((t, i) => pod(`f${i}`, t)),
    );
    expect(got).toEqual(tc.want);
    // Computing a record does not save it; syncJob saves it when it flushes status.
    expect(store.get("default/foobar")).toEqual(tc.stored);
  });

  it("is a pure function of the previous record", () => {
    const prev = { failuresAfterLastSuccess: 1, lastFailureTime: T - 5 };
    expect(newBackoffRecord(prev, [], [pod("f", T)])).toEqual({
      failuresAfterLastSuccess: 2,
      lastFailureTime: T,
    });
    expect(prev).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: T - 5 });
  });
});

describe("TestGetFinishedTime", () => {
  const testCases: Record<string, { pod: ReturnType<typeof buildPod>; want: number }> = {
    "no containers; fallback to creationTimestamp": {
      pod: buildPod().creationTimestamp(T - 100 * SECOND),
      want: T - 100 * SECOND,
    },
    "latest finishedAt of all terminated containers": {
      pod: buildPod()
        .finishedAt(T - 20 * SECOND)
        .finishedAt(T - 10 * SECOND),
      want: T - 10 * SECOND,
    },
    "a running container; fallback to PodReady=False": {
      pod: buildPod()
        .finishedAt(T - 20 * SECOND)
        .restartCount(0)
        .ready(false, T - 5 * SECOND),
      want: T - 5 * SECOND,
    },
    "fallback to deletionTimestamp, decremented by grace period": {
      pod: buildPod().restartCount(0).deletionTimestamp(T, 30),
      want: T - 30 * SECOND,
    },
    "skip fallback to PodReady.LastTransitionTime when status of the condition is True": {
      pod: buildPod()
        .finishedAt(null)
        .ready(true, T - 30 * SECOND)
        .deletionTimestamp(T),
      want: T,
    },
  };
  it.each(Object.entries(testCases))("%s", (_, tc) => {
    expect(getFinishedTime(tc.pod.build())).toBe(tc.want);
  });
});
