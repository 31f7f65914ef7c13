/**
 * The pod and node actions (delete and evict pods, cordon, uncordon, drain, delete a Job with a
 * propagation policy) on small Jobs: exact timelines of the kubelet's graceful stop and of the
 * Job controller's reaction, as upstream runs them.
 */
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/engine/clock.js";
import type { StoreListener } from "../../src/k8s/store.js";
import type { Job } from "../../src/k8s/types.js";
import type { Report } from "../../src/report/types.js";
import { runScenario } from "../../src/run/run.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const pods = (r: Report) =>
  r.pods.map((p) => ({
    index: p.index,
    created: secondsFrom(r, p.createdAt),
    started: secondsFrom(r, p.startedAt),
    finished: secondsFrom(r, p.finishedAt),
    phase: p.phase,
    exitCode: p.exitCode,
    disrupted: p.conditions.includes("DisruptionTarget"),
  }));

/** Every distinct (time, status.terminating) the Job had, in order. */
function terminatingSeen(): { listener: (clock: Clock) => StoreListener; seen: [number, number][] } {
  const seen: [number, number][] = [];
  const listener = (clock: Clock): StoreListener => ({
    onJob: (_t, _o, job: Job) => {
      const n = job.status.terminating ?? 0;
      if (seen.at(-1)?.[1] !== n)
        seen.push([clock.now() / 1000 - Date.parse("2026-01-01T00:00:00Z") / 1000, n]);
    },
  });
  return { listener, seen };
}

const TEMPLATE = "  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}";

describe("delete: {kind: Pod}", () => {
  const scenario = (policy: string) =>
    scenarioFromText(
      oneJob(
        `  cluster: {podShutdown: 20s}
  workloads: [{match: {}, duration: 10m}]
  actions: [{at: 2m, delete: {kind: Pod, job: j}}]`,
        `${policy}${TEMPLATE}`,
      ),
    );

  it("TerminatingOrFailed (the default): replaced while it terminates, after the backoff from the deletion; counted in status.terminating", () => {
    const t = terminatingSeen();
    const r = run(scenario(""), t.listener);
    expect(pods(r)).toEqual([
      // SIGTERM at 120 s; the container takes podShutdown (20 s < the 30 s grace): exit 143.
      {
        index: null,
        created: 0,
        started: 0,
        finished: 140,
        phase: "Failed",
        exitCode: 143,
        disrupted: false,
      },
      // Counted failed once deleted: the first failure's 10 s backoff runs from the deletion
      // request (upstream getFinishedTime: deletionTimestamp - grace), not from its end at 140 s.
      {
        index: null,
        created: 130,
        started: 130,
        finished: 730,
        phase: "Succeeded",
        exitCode: 0,
        disrupted: false,
      },
    ]);
    expect(t.seen).toEqual([
      [0, 0],
      [121, 1],
      [141, 0],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ succeeded: 1, failed: 1, terminating: 0 });
  });

  it("podReplacementPolicy Failed: the replacement comes only once the deleted pod is Failed", () => {
    const r = run(scenario("  podReplacementPolicy: Failed\n"));
    // Failed at 140, then the first failure's 10 s pod-failure backoff.
    expect(pods(r).map((p) => [p.created, p.finished, p.phase])).toEqual([
      [0, 140, "Failed"],
      [150, 750, "Succeeded"],
    ]);
  });

  it("gracePeriodSeconds shorter than the container's shutdown: SIGKILL at its end (137)", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {podShutdown: 20s}
  workloads: [{match: {}, duration: 10m}]
  actions: [{at: 2m, delete: {kind: Pod, job: j, gracePeriodSeconds: 5}}]`,
          TEMPLATE,
        ),
      ),
    );
    expect(pods(r)[0]).toMatchObject({ finished: 125, exitCode: 137 });
  });

  it("index and count pick the oldest running pods of that index; fewer than count is a warning", () => {
    const { report: r, warnings } = runScenario(
      scenarioFromText(
        oneJob(
          `  workloads: [{match: {}, duration: 10m}]
  actions:
    - {at: 2m, delete: {kind: Pod, job: j, index: 1, count: 2}}
    - {at: 3m, delete: {kind: Pod, job: j, count: 2}}`,
          `  completionMode: Indexed
  completions: 3
  parallelism: 3
${TEMPLATE}`,
        ),
      ),
    );
    // Indexes 0 and 2 (the oldest left) at 180 s; each index comes back after its backoff
    // (10 s after the first failure, 2 × 10 s after the next two).
    expect(pods(r).map((p) => [p.index, p.created, p.finished, p.phase])).toEqual([
      [0, 0, 180, "Failed"],
      [1, 0, 120, "Failed"],
      [2, 0, 180, "Failed"],
      [1, 130, 730, "Succeeded"],
      [0, 220, 820, "Succeeded"],
      [2, 220, 820, "Succeeded"],
    ]);
    expect(warnings).toEqual([
      'action at 2026-01-01T00:02:00.000Z: only 1 of 2 pods of job "j" found: it only',
    ]);
  });
});

describe("evict:", () => {
  const scenario = (extra: string) =>
    scenarioFromText(
      oneJob(
        `  workloads: [{match: {}, duration: 10m}]
  actions: [{at: 2m, evict: {job: j}}]`,
        `  backoffLimit: 0
${extra}${TEMPLATE}`,
      ),
    );

  it("DisruptionTarget=True, stopped with the pod's grace period; the eviction counts toward backoffLimit", () => {
    const r = run(scenario(""));
    expect(pods(r)).toEqual([
      { index: null, created: 0, started: 0, finished: 120, phase: "Failed", exitCode: 143, disrupted: true },
    ]);
    expect(r.jobs[0]!.status.conditions.map((c) => [c.type, c.reason])).toContainEqual([
      "Failed",
      "BackoffLimitExceeded",
    ]);
    expect(r.summary.pods).toMatchObject({ evicted: 1, failed: 1, deletedByController: 0 });
  });

  it("a podFailurePolicy Ignore rule on DisruptionTarget matches the evicted pod: replaced, not counted", () => {
    const r = run(
      scenario(`  podFailurePolicy:
    rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]
`),
    );
    // Ignore still applies the pod-failure backoff (10 s) before the replacement.
    expect(pods(r).map((p) => [p.created, p.finished, p.phase, p.disrupted])).toEqual([
      [0, 120, "Failed", true],
      [130, 730, "Succeeded", false],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ succeeded: 1, failed: 0 });
  });

  it("terminationGracePeriodSeconds bounds a container that ignores SIGTERM: killed at its end (137)", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {podShutdown: 1h}
  workloads: [{match: {}, duration: 10m}]
  actions: [{at: 2m, evict: {job: j}}]`,
          `  template: {spec: {restartPolicy: Never, terminationGracePeriodSeconds: 45, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    expect(pods(r).map((p) => [p.created, p.finished, p.exitCode, p.disrupted])).toEqual([
      [0, 165, 137, true],
      [130, 730, 0, false],
    ]);
  });
});

describe("cordon, uncordon, drain", () => {
  it("drain evicts every pod on the node; their replacements wait Pending on the cordoned node until uncordon", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  workloads: [{match: {}, duration: 10m}]
  actions:
    - {at: 2m, drain: {node: jobsim-node}}
    - {at: 5m, uncordon: {node: jobsim-node}}`,
          `  completions: 2
  parallelism: 2
${TEMPLATE}`,
        ),
      ),
    );
    expect(pods(r).map((p) => [p.created, p.started, p.finished, p.phase, p.disrupted])).toEqual([
      [0, 0, 120, "Failed", true],
      [0, 0, 120, "Failed", true],
      // Created after the backoff of two failures (20 s), bound only once uncordoned.
      [140, 300, 900, "Succeeded", false],
      [140, 300, 900, "Succeeded", false],
    ]);
  });

  it("a cordoned node of cluster.nodes takes no new pod; running pods stay", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster:
    nodes: [{name: pool, count: 2, allocatable: {pods: 1}}]
  workloads: [{match: {}, duration: 10m}]
  actions:
    - {at: 0s, cordon: {node: pool-1}}
    - {at: 30m, uncordon: {node: pool-1}}`,
          `  completions: 3
  parallelism: 2
${TEMPLATE}`,
        ),
      ),
    );
    const byStart = r.pods
      .map((p) => [p.node ?? null, secondsFrom(r, p.startedAt), secondsFrom(r, p.finishedAt)])
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(byStart).toEqual([
      ["pool-0", 0, 600],
      // Waits while pool-1 is cordoned, though pool-1 is free; then pool-0 frees first.
      ["pool-0", 600, 1200],
      ["pool-0", 1200, 1800],
    ]);
  });

  it("a node that does not exist is a warning, as kubectl prints one, in report.json too", () => {
    const { warnings, report } = runScenario(
      scenarioFromText(
        oneJob(
          `  workloads: [{match: {}, duration: 10m}]
  actions:
    - {at: 1m, cordon: {node: nope}}
    - {at: 2m, drain: {node: nope}}
    - {at: 3m, delete: {kind: Pod, job: missing}}
    - {at: 4m, evict: {job: j}}
    - {at: 20m, evict: {job: j}}`,
          TEMPLATE,
        ),
      ),
    );
    expect(warnings).toEqual([
      'action at 2026-01-01T00:01:00.000Z: nodes "nope" not found',
      'action at 2026-01-01T00:02:00.000Z: nodes "nope" not found',
      'action at 2026-01-01T00:03:00.000Z: jobs.batch "missing" not found',
      'action at 2026-01-01T00:20:00.000Z: no running pods of job "j" found',
    ]);
    // report.json keeps them as stderr prints them: repeats that differ only by instant folded.
    expect(report.warnings).toEqual([
      'action at 2026-01-01T00:01:00.000Z: nodes "nope" not found (and 1 more like it: 2 in all)',
      'action at 2026-01-01T00:03:00.000Z: jobs.batch "missing" not found',
      'action at 2026-01-01T00:20:00.000Z: no running pods of job "j" found',
    ]);
  });
});

describe("delete: {kind: Job, propagationPolicy}", () => {
  const scenario = (policy: string) =>
    scenarioFromText(
      oneJob(
        `  cluster: {podShutdown: 20s}
  workloads: [{match: {}, duration: 10m}]
  actions: [{at: 2m, delete: {kind: Job, name: j, propagationPolicy: ${policy}}}]`,
        `  completions: 4
  parallelism: 2
${TEMPLATE}`,
      ),
    );
  const deletedAt = (r: Report) => secondsFrom(r, r.jobs[0]!.deletedAt);
  const podEnds = (r: Report) =>
    r.pods.map((p) => [secondsFrom(r, p.finishedAt), p.phase, secondsFrom(r, p.deletedAt)]);

  it("Background: the Job goes at once, then its pods stop gracefully and go", () => {
    const r = run(scenario("Background"));
    expect(deletedAt(r)).toBe(120);
    expect(podEnds(r)).toEqual([
      [140, "Failed", 140],
      [140, "Failed", 140],
    ]);
  });

  it("Foreground: the Job (deletionTimestamp, foregroundDeletion finalizer) stays until its last pod is gone", () => {
    const finalizers: string[][] = [];
    const r = run(scenario("Foreground"), () => ({
      onJob: (_t, _o, job) => {
        if (job.metadata.deletionTimestamp !== null) finalizers.push(job.metadata.finalizers);
      },
    }));
    expect(deletedAt(r)).toBe(140);
    expect(podEnds(r)).toEqual([
      [140, "Failed", 140],
      [140, "Failed", 140],
    ]);
    expect(finalizers[0]).toEqual(["foregroundDeletion"]);
  });

  it("Orphan: the Job goes at once; its pods run on to the end, ownerless, and nothing replaces them", () => {
    const owners: number[] = [];
    const r = run(scenario("Orphan"), () => ({
      onPod: (_t, _o, pod) => {
        if (pod.status.phase === "Succeeded") owners.push(pod.metadata.ownerReferences.length);
      },
    }));
    expect(deletedAt(r)).toBe(120);
    expect(podEnds(r)).toEqual([
      [600, "Succeeded", null],
      [600, "Succeeded", null],
    ]);
    expect(owners).toEqual([0, 0]);
  });
});
