/**
 * End-to-end timelines of the Job API features (conditions, syncJob, backoff, Indexed Jobs,
 * policies, suspend, managedBy, and behaviour users asked about in kubernetes/kubernetes
 * issues), one `describe` per feature. Every expected instant is derived by hand, in the
 * comment next to it, with the simulator's conventions: syncs run 1 s after pod events
 * (`syncJobBatchPeriod`) and at once after spec changes; the pod-failure backoff is
 * min(10 s × 2^(n−1), 10 min) from the latest failure's finish time; podStartup is 0 unless set.
 */
import { describe, expect, it } from "vitest";
import {
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  type Job,
  type JobStatus,
  type Pod,
} from "../../src/k8s/types.js";
import type { Report } from "../../src/report/types.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const START = Date.parse("2026-01-01T00:00:00Z");

const TEMPLATE = "  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}";

/** One Job status write, as seconds from the start. */
interface StatusWrite {
  t: number;
  status: JobStatus;
}

interface Observed {
  report: Report;
  /** Every write of the Job (status and spec), in order. */
  writes: StatusWrite[];
  /** Pod annotations at creation, by pod name. */
  annotations: Map<string, Record<string, string>>;
  /** Most pods at once that were not yet Succeeded/Failed (Pending, Running or terminating). */
  peakAlive: number;
  /** Per pod name, the seconds at which it became Running (each restart in place too). */
  runningAt: Map<string, number[]>;
}

function observe(text: string): Observed {
  const writes: StatusWrite[] = [];
  const annotations = new Map<string, Record<string, string>>();
  const runningAt = new Map<string, number[]>();
  const alive = new Set<string>();
  let peakAlive = 0;
  const report = run(scenarioFromText(text), (clock) => {
    const t = () => (clock.now() - START) / 1000;
    return {
      onJob(_type, _old, job: Job) {
        writes.push({ t: t(), status: structuredClone(job.status) });
      },
      onPod(type, old, pod: Pod) {
        if (type === "ADDED") annotations.set(pod.metadata.name, { ...pod.metadata.annotations });
        const terminal = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
        if (type !== "DELETED" && !terminal) alive.add(pod.metadata.uid);
        else alive.delete(pod.metadata.uid);
        peakAlive = Math.max(peakAlive, alive.size);
        const wasReady = old?.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
        const isReady = pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
        if (type !== "DELETED" && isReady && !wasReady) {
          runningAt.set(pod.metadata.name, [...(runningAt.get(pod.metadata.name) ?? []), t()]);
        }
      },
    };
  });
  return { report, writes, annotations, peakAlive, runningAt };
}

/** Normal completion's reason and message (upstream newSuccessCondition, JobSuccessPolicy on). */
const CR = "CompletionsReached";
const CR_MSG = "Reached expected number of succeeded pods";
const job0 = (r: Report) => r.jobs[0]!;
const podTimes = (r: Report) => r.pods.map((p) => secondsFrom(r, p.createdAt));
/** Pods in creation order (the report sorts equal instants by name). */
const byCreation = (r: Report) =>
  [...r.pods].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.index! - b.index!);
const conditions = (r: Report) =>
  job0(r).status.conditions.map((c) => [
    c.type,
    c.status,
    c.reason,
    c.message,
    secondsFrom(r, c.lastTransitionTime),
  ]);
const events = (r: Report) => r.events.map((e) => [secondsFrom(r, e.time), e.type, e.reason, e.message]);
/** The last status written at or before `t` seconds. */
const statusAt = (o: Observed, t: number) => o.writes.filter((w) => w.t <= t).at(-1)!.status;

/** Kubernetes' random suffix alphabet (no vowels, apimachinery's rand.String), five characters. */
const SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";

describe("Indexed completion", () => {
  it("creates the lowest pending indexes first and completes with completedIndexes 0-4", () => {
    const o = observe(
      oneJob(
        "  workloads: [{match: {}, duration: 60s}]",
        `  completionMode: Indexed
  completions: 5
  parallelism: 2
${TEMPLATE}`,
      ),
    );
    const r = o.report;
    // Indexes 0,1 at 0 s (run 60 s); sync at 61 s creates 2,3; they finish at 121 s, sync at
    // 122 s creates 4; it finishes at 182 s; the sync at 183 s completes the Job.
    expect(byCreation(r).map((p) => [p.index, secondsFrom(r, p.createdAt)])).toEqual([
      [0, 0],
      [1, 0],
      [2, 61],
      [3, 61],
      [4, 122],
    ]);
    for (const p of r.pods) expect(p.name).toMatch(new RegExp(`^j-${p.index}-${SUFFIX}$`));
    // completedIndexes text: a run of two is "a,b", three or more "first-last".
    expect(statusAt(o, 61).completedIndexes).toBe("0,1");
    expect(statusAt(o, 122).completedIndexes).toBe("0-3");
    expect(job0(r).status).toMatchObject({
      succeeded: 5,
      failed: 0,
      active: 0,
      completedIndexes: "0-4",
      failedIndexes: null, // per-index backoff off: null, not ""
    });
    expect(conditions(r)).toEqual([
      ["SuccessCriteriaMet", "True", CR, CR_MSG, 183],
      ["Complete", "True", CR, CR_MSG, 183],
    ]);
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(183);
    expect(events(r).at(-1)).toEqual([183, "Normal", "Completed", "Job completed"]);
    expect(r.events.filter((e) => e.reason === "SuccessfulCreate").map((e) => e.message)).toEqual(
      byCreation(r).map((p) => `Created pod: ${p.name}`),
    );
  });
});

describe("backoffLimitPerIndex and maxFailedIndexes", () => {
  it("retries a failing index once, marks it failed, lets the others finish, then fails with FailedIndexes", () => {
    const o = observe(
      oneJob(
        `  workloads:
    - match: {}
      script: [{exitCode: 0, after: 60s}]
      scriptByIndex:
        "1": [{exitCode: 1, after: 30s}]`,
        `  completionMode: Indexed
  completions: 3
  parallelism: 3
  backoffLimitPerIndex: 1
${TEMPLATE}`,
      ),
    );
    const r = o.report;
    // Index 1 fails at 30 s; sync at 31 s; its own backoff n = 0 + 0 + 1 → 10 s from the finish
    // → replacement (failure count 1) at 40 s. It fails at 70 s: count 1 ≥ backoffLimitPerIndex
    // → index 1 failed at the 71 s sync. Indexes 0 and 2 succeeded at 60 s; 1 failed + 2
    // succeeded = completions → FailureTarget FailedIndexes, and Failed in the same sync (no pod
    // left terminating).
    expect(
      byCreation(r).map((p) => [p.index, secondsFrom(r, p.createdAt), p.phase, secondsFrom(r, p.finishedAt)]),
    ).toEqual([
      [0, 0, "Succeeded", 60],
      [1, 0, "Failed", 30],
      [2, 0, "Succeeded", 60],
      [1, 40, "Failed", 70],
    ]);
    const counts = byCreation(r).map((p) => o.annotations.get(p.name)![JOB_INDEX_FAILURE_COUNT_ANNOTATION]);
    expect(counts).toEqual(["0", "0", "0", "1"]);
    // The failed pod keeps its finalizer until its replacement exists, so status.failed stays 0
    // between 31 s and 40 s (with backoffLimitPerIndex, the latest failed pod of an index keeps
    // its finalizer until the replacement exists: getPodsWithDelayedDeletionPerIndex).
    expect(statusAt(o, 39.999)).toMatchObject({ failed: 0, failedIndexes: "" });
    expect(statusAt(o, 41)).toMatchObject({ failed: 1, failedIndexes: "" });
    expect(job0(r).status).toMatchObject({
      failed: 2,
      succeeded: 2,
      active: 0,
      completedIndexes: "0,2",
      failedIndexes: "1",
      completionTime: null,
    });
    expect(conditions(r)).toEqual([
      ["FailureTarget", "True", "FailedIndexes", "Job has failed indexes", 71],
      ["Failed", "True", "FailedIndexes", "Job has failed indexes", 71],
    ]);
    expect(events(r).at(-1)).toEqual([71, "Warning", "FailedIndexes", "Job has failed indexes"]);
  });

  it("fails with MaxFailedIndexesExceeded as soon as more indexes failed than allowed, deleting the rest", () => {
    const r = observe(
      oneJob(
        `  workloads:
    - match: {}
      script: [{hang: true}]
      scriptByIndex:
        "0": [{exitCode: 1, after: 20s}]
        "2": [{exitCode: 1, after: 30s}]`,
        `  completionMode: Indexed
  completions: 4
  parallelism: 4
  backoffLimitPerIndex: 0
  maxFailedIndexes: 1
${TEMPLATE}`,
      ),
    ).report;
    // backoffLimitPerIndex 0: index 0 fails at 20 s → failed at the 21 s sync (1 ≤ 1: go on, no
    // retry). Index 2 fails at 30 s → at 31 s 2 > 1 → FailureTarget; indexes 1 and 3 deleted
    // (podShutdown 0: they stop at 31 s); the 32 s sync sees none terminating → Failed. The
    // deleted pods count as failed (a failing Job counts the pods it deletes): failed = 2 + 2.
    expect(r.pods).toHaveLength(4);
    expect(conditions(r)).toEqual([
      [
        "FailureTarget",
        "True",
        "MaxFailedIndexesExceeded",
        "Job has exceeded the specified maximal number of failed indexes",
        31,
      ],
      [
        "Failed",
        "True",
        "MaxFailedIndexesExceeded",
        "Job has exceeded the specified maximal number of failed indexes",
        32,
      ],
    ]);
    expect(job0(r).status).toMatchObject({
      failed: 4,
      succeeded: 0,
      active: 0,
      terminating: 0,
      failedIndexes: "0,2",
      completedIndexes: "",
    });
    expect(events(r).filter((e) => e[2] !== "SuccessfulCreate")).toEqual([
      [31, "Normal", "SuccessfulDelete", `Deleted pod: ${r.pods.find((p) => p.index === 1)!.name}`],
      [31, "Normal", "SuccessfulDelete", `Deleted pod: ${r.pods.find((p) => p.index === 3)!.name}`],
      [
        32,
        "Warning",
        "MaxFailedIndexesExceeded",
        "Job has exceeded the specified maximal number of failed indexes",
      ],
    ]);
  });
  it("FailIndex fails one index at once; Ignore on evictions keeps an index retrying with its ignored-failure count", () => {
    const o = observe(
      oneJob(
        `  workloads:
    - match: {}
      script: [{exitCode: 0, after: 60s}]
      scriptByIndex:
        "0": [{exitCode: 42, after: 10s}]
        "1": [{disruption: true, after: 10s}, {disruption: true, after: 10s}, {exitCode: 0, after: 10s}]`,
        `  completionMode: Indexed
  completions: 3
  parallelism: 3
  backoffLimitPerIndex: 1
  podFailurePolicy:
    rules:
      - action: FailIndex
        onExitCodes: {operator: In, values: [42]}
      - action: Ignore
        onPodConditions: [{type: DisruptionTarget}]
${TEMPLATE}`,
      ),
    );
    const r = o.report;
    // Index 0 exits 42 at 10 s → FailIndex: failed index at the 11 s sync, never retried.
    // Index 1 evicted at 10 s (ignored): n = 0 + 0 + 1 → 10 s → replacement at 20 s with
    // ignored count 1; evicted at 30 s: n = 0 + 1 + 1 = 2 → 20 s → pod at 50 s, succeeds at 60 s.
    // Index 2 succeeds at 60 s. At 61 s: 1 failed + 2 succeeded = 3 → FailedIndexes.
    expect(byCreation(r).map((p) => [p.index, secondsFrom(r, p.createdAt), p.phase])).toEqual([
      [0, 0, "Failed"],
      [1, 0, "Failed"],
      [2, 0, "Succeeded"],
      [1, 20, "Failed"],
      [1, 50, "Succeeded"],
    ]);
    const ignored = byCreation(r).map(
      (p) => o.annotations.get(p.name)!["batch.kubernetes.io/job-index-ignored-failure-count"] ?? null,
    );
    expect(ignored).toEqual([null, null, null, "1", "2"]);
    expect(statusAt(o, 12)).toMatchObject({ failedIndexes: "0" });
    // Only the FailIndex pod counts; the two evictions are ignored.
    expect(job0(r).status).toMatchObject({
      failed: 1,
      succeeded: 2,
      completedIndexes: "1,2",
      failedIndexes: "0",
    });
    expect(conditions(r)).toEqual([
      ["FailureTarget", "True", "FailedIndexes", "Job has failed indexes", 61],
      ["Failed", "True", "FailedIndexes", "Job has failed indexes", 61],
    ]);
  });
});

describe("podFailurePolicy", () => {
  /** Evicted at 30 s twice, then an attempt that succeeds after 60 s; backoffLimit 1. */
  const evictions = (action: string) =>
    oneJob(
      `  workloads:
    - match: {}
      script: [{disruption: true, after: 30s}, {disruption: true, after: 30s}, {exitCode: 0, after: 60s}]`,
      `  backoffLimit: 1
  podFailurePolicy:
    rules:
      - action: ${action}
        onPodConditions: [{type: DisruptionTarget}]
${TEMPLATE}`,
    );

  it("Ignore on DisruptionTarget: evicted pods are not counted in status.failed but still delay re-creation", () => {
    const r = observe(evictions("Ignore")).report;
    // Evicted at 30 s, sync 31 s: ignored failures still feed the backoff, n = 1 → 10 s → pod
    // at 40 s; evicted at 70 s, n = 2 → 20 s → pod at 90 s; it succeeds at 150 s → Complete at
    // 151 s. Two evictions with backoffLimit 1 and the Job still completes.
    expect(podTimes(r)).toEqual([0, 40, 90]);
    expect(r.pods.map((p) => [p.phase, p.reason, p.exitCode, p.conditions])).toEqual([
      ["Failed", "Error", 143, ["DisruptionTarget"]],
      ["Failed", "Error", 143, ["DisruptionTarget"]],
      ["Succeeded", "Completed", 0, []],
    ]);
    expect(job0(r).status).toMatchObject({ succeeded: 1, failed: 0 });
    expect(conditions(r)).toEqual([
      ["SuccessCriteriaMet", "True", CR, CR_MSG, 151],
      ["Complete", "True", CR, CR_MSG, 151],
    ]);
    expect(r.summary.pods).toMatchObject({ evicted: 2, failed: 2, succeeded: 1 });
  });

  it("Count on DisruptionTarget: the same evictions count toward backoffLimit and fail the Job", () => {
    const r = observe(evictions("Count")).report;
    // Eviction 1 at 30 s: failed 1, not > 1 → pod at 40 s (n = 1, 10 s). Eviction 2 at 70 s:
    // failed 2 > 1 → FailureTarget and Failed at the 71 s sync (nothing left running).
    expect(podTimes(r)).toEqual([0, 40]);
    expect(job0(r).status).toMatchObject({ succeeded: 0, failed: 2, active: 0 });
    expect(conditions(r)).toEqual([
      ["FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 71],
      ["Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 71],
    ]);
    expect(events(r).at(-1)).toEqual([
      71,
      "Warning",
      "BackoffLimitExceeded",
      "Job has reached the specified backoff limit",
    ]);
  });

  it("FailJob on exit code 42 of the named container: the message names container, pod and rule index", () => {
    const o = observe(
      oneJob(
        `  cluster: {podShutdown: 5s}
  workloads:
    - match: {}
      script: [{exitCode: 42, after: 20s, container: main}, {hang: true}]`,
        `  parallelism: 2
  completions: 2
  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions: [{type: DisruptionTarget}]
      - action: FailJob
        onExitCodes: {containerName: main, operator: In, values: [42]}
  template: {spec: {restartPolicy: Never, containers: [{name: sidecar, image: busybox}, {name: main, image: busybox}]}}`,
      ),
    );
    const r = o.report;
    const [first, second] = r.events
      .filter((e) => e.reason === "SuccessfulCreate")
      .map((e) => e.message.slice(13));
    // Attempt 0 (the first pod) exits 42 in `main` at 20 s; sync 21 s: rule 1 matches →
    // FailureTarget; the other pod is deleted and stops after podShutdown 5 s (26 s); the 27 s
    // sync sees nothing terminating → Failed. Both pods count as failed.
    const message = `Container main for pod default/${first} failed with exit code 42 matching FailJob rule at index 1`;
    expect(conditions(r)).toEqual([
      ["FailureTarget", "True", "PodFailurePolicy", message, 21],
      ["Failed", "True", "PodFailurePolicy", message, 27],
    ]);
    expect(r.pods.find((p) => p.name === first)).toMatchObject({ phase: "Failed", exitCode: 42 });
    expect(r.pods.find((p) => p.name === second)).toMatchObject({ phase: "Failed", exitCode: 143 });
    expect(statusAt(o, 21)).toMatchObject({ active: 0, terminating: 1 });
    expect(job0(r).status).toMatchObject({ failed: 2, active: 0, terminating: 0, completionTime: null });
    expect(events(r).slice(2)).toEqual([
      [21, "Normal", "SuccessfulDelete", `Deleted pod: ${second}`],
      [27, "Warning", "PodFailurePolicy", message],
    ]);
  });

  it("FailJob on 137 catches an OOMKilled container at its first occurrence", () => {
    const r = observe(
      oneJob(
        "  workloads: [{match: {}, script: [{oomKilled: true, after: 45s}]}]",
        `  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {operator: In, values: [137]}
${TEMPLATE}`,
      ),
    ).report;
    // OOM kill at 45 s (exit 137, reason OOMKilled); sync at 46 s: FailureTarget and Failed.
    expect(r.pods.map((p) => [p.exitCode, p.reason])).toEqual([[137, "OOMKilled"]]);
    const message = `Container c for pod default/${r.pods[0]!.name} failed with exit code 137 matching FailJob rule at index 0`;
    expect(conditions(r)).toEqual([
      ["FailureTarget", "True", "PodFailurePolicy", message, 46],
      ["Failed", "True", "PodFailurePolicy", message, 46],
    ]);
    expect(job0(r).status.failed).toBe(1);
  });
});

describe("successPolicy", () => {
  it("SuccessCriteriaMet once the listed indexes succeed, remaining pods deleted and not counted, then Complete", () => {
    const o = observe(
      oneJob(
        `  cluster: {podShutdown: 10s}
  workloads:
    - match: {}
      script: [{hang: true}]
      scriptByIndex:
        "0": [{exitCode: 0, after: 30s}]
        "1": [{exitCode: 0, after: 50s}]`,
        `  completionMode: Indexed
  completions: 5
  parallelism: 5
  successPolicy:
    rules:
      - succeededCount: 4
      - succeededIndexes: "0,1"
${TEMPLATE}`,
      ),
    );
    const r = o.report;
    // Index 0 succeeds at 30 s, index 1 at 50 s; the 51 s sync matches rule 1 (rule 0 wants 4)
    // → SuccessCriteriaMet; indexes 2–4 deleted, stop after podShutdown 10 s (61 s); the 62 s
    // sync sees none terminating → Complete with the same reason and message.
    expect(conditions(r)).toEqual([
      ["SuccessCriteriaMet", "True", "SuccessPolicy", "Matched rules at index 1", 51],
      ["Complete", "True", "SuccessPolicy", "Matched rules at index 1", 62],
    ]);
    expect(statusAt(o, 51)).toMatchObject({ active: 0, terminating: 3, succeeded: 2 });
    expect(job0(r).status).toMatchObject({
      succeeded: 2,
      failed: 0,
      active: 0,
      terminating: 0,
      completedIndexes: "0,1",
    });
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(62);
    expect(byCreation(r).map((p) => [p.index, p.phase, secondsFrom(r, p.finishedAt)])).toEqual([
      [0, "Succeeded", 30],
      [1, "Succeeded", 50],
      [2, "Failed", 61],
      [3, "Failed", 61],
      [4, "Failed", 61],
    ]);
    expect(events(r).filter((e) => e[2] !== "SuccessfulCreate")).toEqual([
      ...[2, 3, 4].map((i) => [
        51,
        "Normal",
        "SuccessfulDelete",
        `Deleted pod: ${r.pods.find((p) => p.index === i)!.name}`,
      ]),
      [62, "Normal", "Completed", "Job completed"],
    ]);
    // Killed pods are not "retries": the controller deleted them itself.
    expect(r.summary.retries).toBe(0);
  });
});

describe("podReplacementPolicy (issue #115844)", () => {
  /** Two pods of 100 s; parallelism 2 → 1 at 20 s (one pod deleted, 30 s to stop) → 2 at 25 s. */
  const scaleDownUp = (policy: string) =>
    oneJob(
      `  cluster: {podShutdown: 30s}
  workloads: [{match: {}, script: [{exitCode: 0, after: 100s}]}]
  actions:
    - {at: 20s, patch: {kind: Job, name: j, spec: {parallelism: 1}}}
    - {at: 25s, patch: {kind: Job, name: j, spec: {parallelism: 2}}}`,
      `  completions: 4
  parallelism: 2
  podReplacementPolicy: ${policy}
${TEMPLATE}`,
    );

  it("Failed: the replacement waits until the deleted pod is Failed", () => {
    const o = observe(scaleDownUp("Failed"));
    const r = o.report;
    // 20 s: one pod deleted (finalizer stripped: never counted failed); it stops at 50 s (the
    // 30 s grace period runs out: SIGKILL, 137). 25 s: diff = 2 − 1 active − 1 terminating = 0.
    // 51 s: replacement. Then 100 s → pod at 101 s; 151 s → pod at 152 s; 252 s → Complete 253 s.
    expect(podTimes(r)).toEqual([0, 0, 51, 101, 152]);
    expect(statusAt(o, 25)).toMatchObject({ active: 1, terminating: 1 });
    expect(o.peakAlive).toBe(2);
    expect(
      r.pods.filter((p) => p.phase === "Failed").map((p) => [p.exitCode, secondsFrom(r, p.finishedAt)]),
    ).toEqual([[137, 50]]);
    expect(job0(r).status).toMatchObject({ succeeded: 4, failed: 0 });
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(253);
  });

  it("TerminatingOrFailed: the replacement is created at once while the old pod is still terminating", () => {
    const o = observe(scaleDownUp("TerminatingOrFailed"));
    const r = o.report;
    // 25 s: diff = 2 − 1 active = 1 → pod at 25 s, three pods alive until 50 s. Then 100 s → 101 s;
    // 125 s → 126 s; 226 s → Complete at 227 s.
    expect(podTimes(r)).toEqual([0, 0, 25, 101, 126]);
    expect(statusAt(o, 25)).toMatchObject({ active: 2, terminating: 1 });
    expect(o.peakAlive).toBe(3);
    expect(job0(r).status).toMatchObject({ succeeded: 4, failed: 0 });
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(227);
  });
});

describe("suspend and resume, with activeDeadlineSeconds", () => {
  it("a Job created suspended starts at the resume; activeDeadlineSeconds counts from there", () => {
    const o = observe(
      oneJob(
        `  workloads: [{match: {}, script: [{hang: true}]}]
  actions:
    - {at: 100s, patch: {kind: Job, name: j, spec: {suspend: false}}}`,
        `  suspend: true
  activeDeadlineSeconds: 50
${TEMPLATE}`,
      ),
    );
    const r = o.report;
    // 0 s: Suspended=True, no pods, no startTime. 100 s (spec change: immediate sync): pod
    // created, startTime = 100 s, Suspended flips to False in place. Deadline 100 + 50 = 150 s:
    // FailureTarget DeadlineExceeded, pod deleted (stops at once); 151 s: Failed.
    const first = statusAt(o, 0);
    expect(first.startTime).toBeNull();
    expect(first.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["Suspended", "True", "JobSuspended", "Job suspended"],
    ]);
    expect(podTimes(r)).toEqual([100]);
    expect(secondsFrom(r, job0(r).status.startTime)).toBe(100);
    expect(conditions(r)).toEqual([
      ["Suspended", "False", "JobResumed", "Job resumed", 100],
      ["FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline", 150],
      ["Failed", "True", "DeadlineExceeded", "Job was active longer than specified deadline", 151],
    ]);
    expect(job0(r).status).toMatchObject({ failed: 1, active: 0 });
    expect(events(r)).toEqual([
      [0, "Normal", "Suspended", "Job suspended"],
      [100, "Normal", "SuccessfulCreate", `Created pod: ${r.pods[0]!.name}`],
      [100, "Normal", "Resumed", "Job resumed"],
      [150, "Normal", "SuccessfulDelete", `Deleted pod: ${r.pods[0]!.name}`],
      [151, "Warning", "DeadlineExceeded", "Job was active longer than specified deadline"],
    ]);
    expect(r.summary.deadlines).toEqual({ jobDeadlineExceeded: 1 });
  });
});

describe("managedBy (syncJob skips Jobs another controller manages)", () => {
  const managed = (by: string) =>
    oneJob(
      "  workloads: [{match: {}, duration: 10s}]",
      `  managedBy: ${by}
${TEMPLATE}`,
    );

  it("a Job managed by another controller never gets a pod, a status or an event", () => {
    const r = run(scenarioFromText(managed("kueue.x-k8s.io/multikueue")));
    expect(r.pods).toEqual([]);
    expect(r.events).toEqual([]);
    expect(job0(r).status).toMatchObject({
      startTime: null,
      active: 0,
      succeeded: 0,
      failed: 0,
      conditions: [],
    });
    expect(r.summary.jobs).toMatchObject({ created: 1, active: 1 });
  });

  it("managedBy the built-in controller's own name runs as usual", () => {
    const r = run(scenarioFromText(managed("kubernetes.io/job-controller")));
    // Pod 0–10 s, Complete at the 11 s sync.
    expect(podTimes(r)).toEqual([0]);
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(11);
  });
});

describe("controller outage during the pod-failure backoff (record in memory only, issue #114650)", () => {
  /** The first attempt fails at 30 s, the second succeeds after 30 s. */
  const withOutage = (outages: string) =>
    oneJob(
      `  controller:
    outages: ${outages}
  workloads: [{match: {}, script: [{exitCode: 1, after: 30s}, {exitCode: 0, after: 30s}]}]`,
      TEMPLATE,
    );

  it("without an outage the replacement waits the full 10 s", () => {
    const r = run(scenarioFromText(withOutage("[]")));
    // Fails at 30 s; sync 31 s: n = 1 → replacement at 40 s; succeeds at 70 s → Complete at 71 s.
    expect(podTimes(r)).toEqual([0, 40]);
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(71);
  });

  it("a restart after the failure was counted loses the backoff record: replacement at the resync", () => {
    const r = run(scenarioFromText(withOutage("[{start: 32s, duration: 3s}]")));
    // The 31 s sync counted the failure (finalizer removed) and recorded n = 1 in memory. Down
    // 32–35 s; the fresh controller resyncs at 35 s with an empty record and no *new* failed
    // pod → no delay → replacement at 35 s (5 s early); succeeds at 65 s → Complete at 66 s.
    expect(podTimes(r)).toEqual([0, 35]);
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(66);
    expect(job0(r).status).toMatchObject({ failed: 1, succeeded: 1 });
  });

  it("a restart before the failure was counted rebuilds the record from the pod's finish time", () => {
    const r = run(scenarioFromText(withOutage("[{start: 29s, duration: 6s}]")));
    // Down 29–35 s: the failure at 30 s is still uncounted at the 35 s resync, so it is a new
    // failure with finish time 30 s → 10 s from 30 s → replacement at 40 s, as without an outage.
    expect(podTimes(r)).toEqual([0, 40]);
    expect(secondsFrom(r, job0(r).status.completionTime)).toBe(71);
  });
});

describe("restartPolicy OnFailure", () => {
  it("restarts in place after CrashLoopBackOff delays 0, 10, 20 s and fails on the backoffLimit-th restart", () => {
    const o = observe(
      oneJob(
        "  workloads: [{match: {}, script: [{exitCode: 1, after: 10s}]}]",
        `  backoffLimit: 4
  template: {spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}}`,
      ),
    );
    const r = o.report;
    // Attempts of 10 s: run 0–10, restart at once (delay 0) 10–20, wait 10 s → 30–40, wait
    // 20 s → 60–70. The failure at 70 s makes restartCount 4 ≥ backoffLimit 4 → FailureTarget at
    // the 71 s sync; the pod (waiting out a 40 s CrashLoopBackOff) is deleted and stops at once;
    // 72 s: Failed. One pod, never replaced; the deleted pod counts as failed.
    expect(r.pods).toHaveLength(1);
    expect(o.runningAt.get(r.pods[0]!.name)).toEqual([0, 10, 30, 60]);
    expect(r.pods[0]).toMatchObject({ phase: "Failed", restarts: 4 });
    expect(conditions(r)).toEqual([
      ["FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 71],
      ["Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 72],
    ]);
    expect(job0(r).status).toMatchObject({ failed: 1, succeeded: 0, active: 0 });
    expect(r.summary.pods).toMatchObject({ restarts: 4 });
    expect(events(r).slice(1)).toEqual([
      [71, "Normal", "SuccessfulDelete", `Deleted pod: ${r.pods[0]!.name}`],
      [72, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ]);
  });

  it("one fewer retry than Never for the same backoffLimit (issue #95433)", () => {
    const twoFailuresThenSuccess = (policy: string) =>
      run(
        scenarioFromText(
          oneJob(
            "  workloads: [{match: {}, script: [{exitCode: 1, after: 10s}, {exitCode: 1, after: 10s}, {exitCode: 0, after: 10s}]}]",
            `  backoffLimit: 2
  template: {spec: {restartPolicy: ${policy}, containers: [{name: c, image: busybox}]}}`,
          ),
        ),
      );
    const onFailure = twoFailuresThenSuccess("OnFailure");
    // Failures at 10 s and 20 s (restart at once after the first) → restartCount 2 ≥ 2 at the
    // 21 s sync: the third attempt, which would succeed, never runs.
    expect(conditions(onFailure).map((c) => [c[0], c[2], c[4]])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded", 21],
      ["Failed", "BackoffLimitExceeded", 22],
    ]);
    const never = twoFailuresThenSuccess("Never");
    // Never: pod 0–10 s fails; n = 1 → pod at 20 s, fails at 30 s; 2 > 2 is false, n = 2 → 20 s
    // → pod at 50 s succeeds at 60 s → Complete at 61 s with failed 2.
    expect(podTimes(never)).toEqual([0, 20, 50]);
    expect(job0(never).status).toMatchObject({ failed: 2, succeeded: 1 });
    expect(secondsFrom(never, job0(never).status.completionTime)).toBe(61);
  });
});
