/**
 * Per-index backoff (backoffLimitPerIndex), ported from upstream backoff_utils_test.go
 * (TestGetRemainingBackoffTimePerIndex), job_controller_test.go
 * (TestGetPodCreationInfoForIndependentIndexes) and indexed_job_utils_test.go
 * (TestGetNewIndexFailureCountValue, TestGetPodsWithDelayedDeletionPerIndex).
 */
import { describe, expect, it } from "vitest";
import {
  getNewIndexFailureCounts,
  getPodCreationInfoForIndependentIndexes,
  getPodsWithDelayedDeletionPerIndex,
  getRemainingTimePerIndex,
  isIndexFailed,
} from "../../../../src/controllers/job/backoff-per-index.js";
import {
  DefaultJobPodFailureBackOff,
  MaxJobPodFailureBackOff,
} from "../../../../src/controllers/job/constants.js";
import { hasJobTrackingFinalizer } from "../../../../src/controllers/job/pod-utils.js";
import { FakeClock } from "../../../../src/engine/clock.js";
import { type Millis, SECOND } from "../../../../src/engine/time.js";
import { defaultFeatureGates } from "../../../../src/k8s/feature-gates.js";
import type { Pod, PodFailurePolicy } from "../../../../src/k8s/types.js";
import { buildPod, newJob, REFERENCE_TIME as T } from "../../../helpers/job-builders.js";

const gates = defaultFeatureGates;
const failedAt = (count: string, at: number, ignored?: string) => {
  const b = buildPod().phase("Failed").indexFailureCount(count).deletionTimestamp(at);
  if (ignored !== undefined) b.indexIgnoredFailureCount(ignored);
  return b.build();
};

describe("TestGetRemainingBackoffTimePerIndex", () => {
  const cases: Record<string, { pod: Pod | undefined; want: Millis }> = {
    "no failures": { pod: undefined, want: 0 },
    "two prev failures; current time and failure time are same": { pod: failedAt("2", T), want: 20 * SECOND },
    "one prev failure counted and one ignored; current time and failure time are same": {
      pod: failedAt("1", T, "1"),
      want: 20 * SECOND,
    },
  };
  it.each(Object.entries(cases))("%s", (_, tc) => {
    // The upstream test uses base 5 s and cap 700 s.
    expect(getRemainingTimePerIndex(new FakeClock(T), 5 * SECOND, 700 * SECOND, tc.pod)).toBe(tc.want);
  });
});

describe("TestGetPodCreationInfoForIndependentIndexes", () => {
  const cases: Record<
    string,
    { indexesToAdd: number[]; lastFailed: Record<number, Pod>; wantNow: number[]; wantRemaining: Millis }
  > = {
    "simple CreatePods": { indexesToAdd: [1, 3], lastFailed: {}, wantNow: [1, 3], wantRemaining: 0 },
    "subset of indexes can be recreated now as the pods failed long time ago": {
      indexesToAdd: [1, 3],
      lastFailed: { 1: failedAt("0", T), 3: failedAt("0", T - 10 * SECOND) },
      wantNow: [3],
      wantRemaining: 0,
    },
    "no indexes can be recreated now, need to wait default pod failure backoff": {
      indexesToAdd: [1, 2, 3],
      lastFailed: { 1: failedAt("1", T), 2: failedAt("0", T), 3: failedAt("2", T) },
      wantNow: [],
      wantRemaining: 10 * SECOND,
    },
    "no indexes can be recreated now, need to wait but 1s already passed": {
      indexesToAdd: [1, 2, 3],
      lastFailed: {
        1: failedAt("1", T - SECOND),
        2: failedAt("0", T - SECOND),
        3: failedAt("2", T - SECOND),
      },
      wantNow: [],
      wantRemaining: 9 * SECOND,
    },
  };
  it.each(Object.entries(cases))("%s", (_, tc) => {
    const map = new Map(Object.entries(tc.lastFailed).map(([k, v]) => [Number(k), v] as const));
    const got = getPodCreationInfoForIndependentIndexes(
      new FakeClock(T),
      DefaultJobPodFailureBackOff,
      MaxJobPodFailureBackOff,
      tc.indexesToAdd,
      map,
    );
    expect(got).toEqual({ indexes: tc.wantNow, remaining: tc.wantRemaining });
  });
});

describe("TestGetNewIndexFailureCountValue", () => {
  const ignoreDisruption: PodFailurePolicy = {
    rules: [
      {
        action: "Ignore",
        onExitCodes: null,
        onPodConditions: [{ type: "DisruptionTarget", status: "True" }],
      },
    ],
  };
  const countOnExit: PodFailurePolicy = {
    rules: [
      {
        action: "Count",
        onExitCodes: { containerName: null, operator: "In", values: [42] },
        onPodConditions: null,
      },
    ],
  };
  const cases: Record<
    string,
    { policy: PodFailurePolicy | null; pod: Pod | undefined; want: [number, number] }
  > = {
    "first pod created": { policy: null, pod: undefined, want: [0, 0] },
    "failed pod being replaced with 0 index failure count": {
      policy: null,
      pod: buildPod().phase("Failed").indexFailureCount("0").build(),
      want: [1, 0],
    },
    "failed pod being replaced with >0 index failure count": {
      policy: null,
      pod: buildPod().phase("Failed").indexFailureCount("3").build(),
      want: [4, 0],
    },
    "failed pod being replaced, matching the ignore rule": {
      policy: ignoreDisruption,
      pod: buildPod().phase("Failed").indexFailureCount("3").condition("DisruptionTarget").build(),
      want: [3, 1],
    },
    "failed pod being replaced, matching the count rule": {
      policy: countOnExit,
      pod: buildPod().phase("Failed").indexFailureCount("3").container("c", 42).build(),
      want: [4, 0],
    },
    "failed pod being replaced, matching the ignore rule, with ignored count already": {
      policy: ignoreDisruption,
      pod: buildPod()
        .phase("Failed")
        .indexFailureCount("3")
        .indexIgnoredFailureCount("4")
        .condition("DisruptionTarget")
        .build(),
      want: [3, 5],
    },
    "failed pod being replaced, without the annotation": {
      policy: null,
      pod: buildPod().phase("Failed").build(),
      want: [1, 0],
    },
    "failed pod being replaced, invalid annotation": {
      policy: null,
      pod: buildPod().phase("Failed").indexFailureCount("invalid").build(),
      want: [1, 0],
    },
  };
  it.each(Object.entries(cases))("%s", (_, tc) => {
    const job = newJob({ completionMode: "Indexed", backoffLimitPerIndex: 1, podFailurePolicy: tc.policy });
    const got = getNewIndexFailureCounts(job, tc.pod, gates);
    expect([got.failureCount, got.ignoredFailureCount]).toEqual(tc.want);
  });
});

describe("TestGetPodsWithDelayedDeletionPerIndex", () => {
  const job = newJob({ completionMode: "Indexed", completions: 3, parallelism: 3, backoffLimitPerIndex: 1 });
  const p = (name: string, ix: string, count: string, finishedAt = T) =>
    buildPod().name(name).index(ix).phase("Failed").indexFailureCount(count).finishedAt(finishedAt).build();
  const run = (pods: Pod[], active: Pod[] = []) => {
    const failedIndexes = [];
    for (const pod of pods)
      if (isIndexFailed(job, pod, gates))
        failedIndexes.push(Number(pod.metadata.annotations["batch.kubernetes.io/job-completion-index"]));
    return getPodsWithDelayedDeletionPerIndex(
      {
        job,
        pods,
        activePods: active,
        succeededIndexes: [],
        failedIndexes: failedIndexes.map((i) => ({ first: i, last: i })),
        isUncounted: hasJobTrackingFinalizer,
      },
      gates,
    );
  };
  const names = (m: Map<number, Pod>) =>
    [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, pod]) => pod.metadata.name);

  it("failed pods are kept corresponding to non-failed indexes are kept", () => {
    expect(names(run([p("a", "0", "0"), p("b", "1", "1"), p("c", "2", "0")]))).toEqual(["a", "c"]);
  });
  it("failed pod without finalizer; the pod's deletion is not delayed as it already started", () => {
    const a = buildPod()
      .name("a")
      .index("0")
      .phase("Failed")
      .indexFailureCount("0")
      .trackingFinalizer(false)
      .build();
    expect(names(run([a]))).toEqual([]);
  });
  it("failed pods of an index with an active pod are not delayed", () => {
    const active = buildPod().name("r").index("0").phase("Running").build();
    expect(names(run([p("a", "0", "0")], [active]))).toEqual([]);
  });
  it("the latest failed pod of an index is kept (higher count, then later finish)", () => {
    const later = p("later", "0", "0", T);
    const earlier = p("earlier", "0", "0", T - SECOND);
    expect(names(run([later, earlier]))).toEqual(["later"]);
    expect(names(run([earlier, later]))).toEqual(["later"]);
  });
});
