/**
 * Pod classification (isPodActive, isPodTerminating, isPodFailed) and the order in which
 * manageJob deletes active pods (upstream controller.ActivePods).
 */

import { describe, expect, it } from "vitest";
import {
  compareActivePods,
  isPodActive,
  isPodFailed,
  isPodTerminating,
  onlyReplaceFailedPods,
  sortActivePods,
} from "../../../../src/controllers/job/pod-utils.js";
import { SECOND } from "../../../../src/engine/time.js";
import { defaultFeatureGates } from "../../../../src/k8s/feature-gates.js";
import { buildPodFromTemplate } from "../../../../src/k8s/pod-control.js";
import { buildPod, legacyGates, newJob, REFERENCE_TIME as T } from "../../../helpers/job-builders.js";

const running = (name: string) => buildPod().name(name).phase("Running").nodeName("node-1");

describe("ActivePods deletion order", () => {
  const cases: Record<string, { first: ReturnType<typeof buildPod>; second: ReturnType<typeof buildPod> }> = {
    "unscheduled before scheduled": { first: running("b").nodeName(null), second: running("a") },
    "Pending before Unknown": { first: running("b").phase("Pending"), second: running("a").phase("Unknown") },
    "Unknown before Running": { first: running("b").phase("Unknown"), second: running("a") },
    "not ready before ready": { first: running("b").ready(false), second: running("a").ready(true) },
    "ready for less time first": {
      first: running("b").ready(true, T),
      second: running("a").ready(true, T - SECOND),
    },
    "higher max restart count first": {
      first: running("b").restartCount(0).restartCount(3),
      second: running("a").restartCount(2),
    },
    "newer creation first": {
      first: running("b").creationTimestamp(T),
      second: running("a").creationTimestamp(T - SECOND),
    },
    "name breaks a full tie": { first: running("a"), second: running("b") },
  };
  it.each(Object.entries(cases))("%s", (_, { first, second }) => {
    const a = first.build();
    const b = second.build();
    expect(compareActivePods(a, b)).toBeLessThan(0);
    expect(compareActivePods(b, a)).toBeGreaterThan(0);
    expect(sortActivePods([b, a]).map((p) => p.metadata.name)).toEqual([a.metadata.name, b.metadata.name]);
  });

  it("earlier rules dominate later ones", () => {
    // Unscheduled + Running + ready beats scheduled + Pending + not ready.
    const unscheduledRunning = running("x").nodeName(null).ready(true).build();
    const scheduledPending = running("y").phase("Pending").build();
    expect(sortActivePods([scheduledPending, unscheduledRunning]).map((p) => p.metadata.name)).toEqual([
      "x",
      "y",
    ]);
  });

  it("is a total order: the result does not depend on input order", () => {
    const pods = [
      running("p1").phase("Pending").build(),
      running("r-old")
        .creationTimestamp(T - 10 * SECOND)
        .build(),
      running("r-new").build(),
      running("u").nodeName(null).build(),
      running("ready").ready(true).build(),
      running("same-a").build(),
    ];
    const want = ["u", "p1", "r-new", "same-a", "r-old", "ready"];
    expect(sortActivePods(pods).map((p) => p.metadata.name)).toEqual(want);
    expect(sortActivePods([...pods].reverse()).map((p) => p.metadata.name)).toEqual(want);
  });
});

describe("pod classification", () => {
  const job = newJob();
  const terminating = buildPod().name("t").phase("Running").deletionTimestamp(T).build();

  it("active, terminating and terminal pods", () => {
    expect([isPodActive(terminating), isPodTerminating(terminating)]).toEqual([false, true]);
    const failed = buildPod().phase("Failed").deletionTimestamp(T).build();
    expect([isPodActive(failed), isPodTerminating(failed)]).toEqual([false, false]);
    const pending = buildPod().phase("Pending").build();
    expect([isPodActive(pending), isPodTerminating(pending)]).toEqual([true, false]);
  });

  it("a terminating pod is failed under TerminatingOrFailed, not under Failed or a pod failure policy", () => {
    expect(isPodFailed(terminating, job, defaultFeatureGates)).toBe(true);
    const failedPolicy = newJob({ podReplacementPolicy: "Failed" });
    expect(isPodFailed(terminating, failedPolicy, defaultFeatureGates)).toBe(false);
    // With the PRP gate off the field is ignored...
    expect(onlyReplaceFailedPods(failedPolicy, legacyGates)).toBe(false);
    expect(isPodFailed(terminating, failedPolicy, legacyGates)).toBe(true);
    // ...but a pod failure policy always means "only replace failed pods".
    const withPolicy = newJob({ podFailurePolicy: { rules: [] } });
    expect(isPodFailed(terminating, withPolicy, legacyGates)).toBe(false);
  });

  it("a terminating pod that succeeded is not failed", () => {
    const succeeded = buildPod().phase("Succeeded").deletionTimestamp(T).build();
    expect(isPodFailed(succeeded, job, defaultFeatureGates)).toBe(false);
  });
});

describe("buildPodFromTemplate", () => {
  it("gives Indexed pods the index annotation, label, hostname and JOB_COMPLETION_INDEX in every container", () => {
    const job = newJob({ completionMode: "Indexed", completions: 3, parallelism: 1 });
    const template = {
      ...job.spec.template,
      spec: {
        ...job.spec.template.spec,
        initContainers: [{ ...job.spec.template.spec.containers[0]!, name: "init" }],
        containers: [
          job.spec.template.spec.containers[0]!,
          {
            ...job.spec.template.spec.containers[0]!,
            name: "own",
            env: [{ name: "JOB_COMPLETION_INDEX", value: "7", valueFrom: null }],
          },
        ],
      },
    };
    const pod = buildPodFromTemplate(job, template, 2, {}, 0);
    expect(pod.metadata.annotations["batch.kubernetes.io/job-completion-index"]).toBe("2");
    expect(pod.metadata.labels["batch.kubernetes.io/job-completion-index"]).toBe("2");
    expect(pod.spec.hostname).toBe("foobar-2");
    const fromLabel = {
      name: "JOB_COMPLETION_INDEX",
      value: null,
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
    };
    expect(pod.spec.containers[0]!.env).toEqual([fromLabel]);
    expect(pod.spec.containers[1]!.env).toEqual([
      { name: "JOB_COMPLETION_INDEX", value: "7", valueFrom: null },
    ]);
    expect(pod.spec.initContainers[0]!.env).toEqual([fromLabel]);
    // The template itself is untouched (pods share nothing mutable with it).
    expect(job.spec.template.spec.containers[0]!.env).toEqual([]);
  });

  it("reads the annotation when the PodIndexLabel gate is off, and adds nothing to NonIndexed pods", () => {
    const job = newJob({ completionMode: "Indexed", completions: 3, parallelism: 1 });
    const pod = buildPodFromTemplate(job, job.spec.template, 0, {}, 0, { podIndexLabel: false });
    expect(pod.metadata.labels["batch.kubernetes.io/job-completion-index"]).toBeUndefined();
    expect(pod.spec.containers[0]!.env[0]!.valueFrom).toEqual({
      fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
    });
    const plain = buildPodFromTemplate(newJob({}), newJob({}).spec.template, null, {}, 0);
    expect(plain.spec.containers[0]!.env).toEqual([]);
  });
});
