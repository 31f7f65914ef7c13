/**
 * Properties of the Job API features (syncJob, backoff, Indexed Jobs, pod failure and success
 * policies, podReplacementPolicy) over generated Jobs run through
 * the whole simulator: Indexed and NonIndexed, with or without a pod failure policy,
 * backoffLimitPerIndex and podReplacementPolicy Failed, and scripted or random failures,
 * OOM kills and evictions. Each property observes every API write with a StoreListener.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/engine/clock.js";
import type { StoreListener } from "../../src/k8s/store.js";
import type { Job, Pod } from "../../src/k8s/types.js";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromText } from "../helpers/scenario.js";

/** Fixed seed for the properties themselves; fast-check prints it with any counterexample. */
const SEED = 20260314;
const NUM_RUNS = 60;

type Policy = "none" | "ignoreEvictions" | "failJob42" | "countOom" | "failIndex42";
type Outcome = "ok" | "exit1" | "exit42" | "oom" | "evict";

interface Params {
  seed: number;
  indexed: boolean;
  parallelism: number;
  completions: number;
  backoffLimit: number;
  /** Indexed only (dropped otherwise): backoffLimitPerIndex and maxFailedIndexes. */
  perIndex: number | null;
  maxFailedIndexes: number | null;
  policy: Policy;
  /** Failed, or unset (the default: Failed with a pod failure policy, else TerminatingOrFailed). */
  replaceOnlyFailed: boolean;
  /** A deterministic script per attempt, or null for random failures and evictions. */
  script: { outcome: Outcome; after: number }[] | null;
  shutdownMax: number;
}

const params: fc.Arbitrary<Params> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  indexed: fc.boolean(),
  parallelism: fc.integer({ min: 1, max: 4 }),
  completions: fc.integer({ min: 1, max: 6 }),
  backoffLimit: fc.integer({ min: 0, max: 5 }),
  perIndex: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  maxFailedIndexes: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  policy: fc.constantFrom<Policy>("none", "ignoreEvictions", "failJob42", "countOom", "failIndex42"),
  replaceOnlyFailed: fc.boolean(),
  script: fc.option(
    fc.array(
      fc.record({
        outcome: fc.constantFrom<Outcome>("ok", "ok", "exit1", "exit42", "oom", "evict"),
        after: fc.integer({ min: 5, max: 120 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    { nil: null },
  ),
  shutdownMax: fc.integer({ min: 0, max: 40 }),
});

function policyYaml(p: Params, perIndex: boolean): string {
  const rule = (action: string, on: string) => `      - action: ${action}\n        ${on}\n`;
  const exit42 = "onExitCodes: {operator: In, values: [42]}";
  switch (p.policy) {
    case "none":
      return "";
    case "ignoreEvictions":
      return `  podFailurePolicy:\n    rules:\n${rule("Ignore", "onPodConditions: [{type: DisruptionTarget}]")}`;
    case "failJob42":
      return `  podFailurePolicy:\n    rules:\n${rule("FailJob", exit42)}`;
    case "countOom":
      return `  podFailurePolicy:\n    rules:\n${rule("Count", "onExitCodes: {operator: In, values: [137]}")}`;
    case "failIndex42":
      // FailIndex needs backoffLimitPerIndex; fall back to FailJob without it.
      return `  podFailurePolicy:\n    rules:\n${rule(perIndex ? "FailIndex" : "FailJob", exit42)}`;
  }
}

function scriptYaml(p: Params): string {
  if (p.script === null) {
    return `      duration: {uniform: {min: 20s, max: 3m}}
      failure: {probability: 0.3, after: {uniform: {min: 5s, max: 90s}}, exitCodes: {"1": 0.6, "42": 0.2, "137": 0.2}}
      disruption: {perHour: 6}
`;
  }
  const entry = ({ outcome, after }: { outcome: Outcome; after: number }) => {
    switch (outcome) {
      case "ok":
        return `{exitCode: 0, after: ${after}s}`;
      case "exit1":
        return `{exitCode: 1, after: ${after}s}`;
      case "exit42":
        return `{exitCode: 42, after: ${after}s}`;
      case "oom":
        return `{oomKilled: true, after: ${after}s}`;
      case "evict":
        return `{disruption: true, after: ${after}s}`;
    }
  };
  // The last entry repeats past the end: make it a success so most Jobs finish.
  return `      script: [${[...p.script.map(entry), "{exitCode: 0, after: 30s}"].join(", ")}]\n`;
}

/** The scenario for `p`, and whether per-index backoff is in force. */
function scenarioYaml(p: Params): { text: string; perIndex: boolean } {
  const perIndex = p.indexed && p.perIndex !== null;
  const lines = [
    `  completionMode: ${p.indexed ? "Indexed" : "NonIndexed"}`,
    `  completions: ${p.completions}`,
    `  parallelism: ${p.parallelism}`,
    `  backoffLimit: ${p.backoffLimit}`,
  ];
  if (perIndex) {
    lines.push(`  backoffLimitPerIndex: ${p.perIndex}`);
    if (p.maxFailedIndexes !== null)
      lines.push(`  maxFailedIndexes: ${Math.min(p.maxFailedIndexes, p.completions)}`);
  }
  if (p.replaceOnlyFailed) lines.push("  podReplacementPolicy: Failed");
  const text = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: prop}
spec:
  seed: ${p.seed}
  start: "2026-01-01T00:00:00Z"
  horizon: 2h
  cluster:
    podStartup: {uniform: {min: 0s, max: 5s}}
    podShutdown: {uniform: {min: 0s, max: ${p.shutdownMax}s}}
  workloads:
    - match: {job: j}
${scriptYaml(p)}---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
${lines.join("\n")}
${policyYaml(p, perIndex)}  template: {spec: {restartPolicy: Never, containers: [{name: main, image: busybox}]}}
`;
  return { text, perIndex };
}

const isTerminal = (pod: Pod) => pod.status.phase === "Succeeded" || pod.status.phase === "Failed";

function runWith(p: Params, observe?: (clock: Clock) => StoreListener): Report {
  return run(scenarioFromText(scenarioYaml(p).text), observe);
}

describe("Job feature properties (whole simulator)", () => {
  it("a finished Job has exactly one of Complete and Failed, no contradictory interim condition, and no pods", () => {
    const outcomes = { Complete: 0, Failed: 0 };
    fc.assert(
      fc.property(params, (p) => {
        const job = runWith(p).jobs[0]!;
        const isTrue = (type: string) =>
          job.status.conditions.some((c) => c.type === type && c.status === "True");
        if (isTrue("Complete")) outcomes.Complete++;
        if (isTrue("Failed")) outcomes.Failed++;
        expect(isTrue("Complete") && isTrue("Failed")).toBe(false);
        if (isTrue("Complete")) {
          expect(isTrue("FailureTarget")).toBe(false);
          expect(isTrue("SuccessCriteriaMet")).toBe(true);
          expect(job.status.completionTime).not.toBeNull();
        }
        if (isTrue("Failed")) {
          expect(isTrue("SuccessCriteriaMet")).toBe(false);
          expect(isTrue("FailureTarget")).toBe(true);
          expect(job.status.completionTime).toBeNull();
        }
        if (isTrue("Complete") || isTrue("Failed")) {
          expect(job.status).toMatchObject({ active: 0, terminating: 0, ready: 0 });
          expect(job.status.startTime).not.toBeNull();
        }
        // Each condition type appears at most once (overwritten in place, never appended twice).
        const types = job.status.conditions.map((c) => c.type);
        expect(new Set(types).size).toBe(types.length);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    // Both endings occur among the generated Jobs.
    expect(outcomes.Complete).toBeGreaterThan(0);
    expect(outcomes.Failed).toBeGreaterThan(0);
  });

  it("succeeded never exceeds completions (NonIndexed: one count per pod; Indexed: one per index)", () => {
    fc.assert(
      fc.property(params, (p) => {
        const r = runWith(p);
        const job = r.jobs[0]!;
        expect(job.status.succeeded).toBeLessThanOrEqual(p.completions);
        if (p.indexed) {
          const indexes = new Set(r.pods.filter((x) => x.phase === "Succeeded").map((x) => x.index));
          expect(job.status.succeeded).toBe(indexes.size);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it("with podReplacementPolicy Failed (or any pod failure policy), pods not yet terminal never exceed parallelism", () => {
    fc.assert(
      fc.property(params, (p) => {
        const alive = new Set<string>();
        let peak = 0;
        runWith({ ...p, replaceOnlyFailed: true }, () => ({
          onPod(type, _old, pod) {
            // Pending, Running, or Running with a deletionTimestamp (terminating): all hold a slot.
            if (type !== "DELETED" && !isTerminal(pod)) alive.add(pod.metadata.uid);
            else alive.delete(pod.metadata.uid);
            peak = Math.max(peak, alive.size);
          },
        }));
        expect(peak).toBeLessThanOrEqual(p.parallelism);
        expect(peak).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it("NonIndexed: no pod is created while the pod-failure backoff holds (getRemainingTime)", () => {
    let checked = 0;
    fc.assert(
      fc.property(params, (p0) => {
        const p = { ...p0, indexed: false };
        // Finish times of counted failures (Ignore-matched ones too) and of successes, as observed.
        let lastSuccess: number | null = null;
        const failures: number[] = [];
        const violations: string[] = [];
        runWith(p, (clock) => ({
          onPod(type, old, pod) {
            const now = clock.now();
            if (type === "ADDED") {
              const since = failures.filter((f) => lastSuccess === null || f > lastSuccess);
              if (since.length > 0) {
                checked++;
                const latest = Math.max(...since);
                // n failures since the last success: 10 s doubling, capped at 10 min.
                const delay = Math.min(10_000 * 2 ** (since.length - 1), 600_000);
                if (now - latest < delay)
                  violations.push(
                    `pod created at ${now} ms, ${since.length} failure(s), latest at ${latest} ms`,
                  );
                // The task's weaker form: never within 10 s of the latest failure.
                expect(now - latest).toBeGreaterThanOrEqual(10_000);
              }
              return;
            }
            if (type !== "MODIFIED" || old === null || isTerminal(old) || !isTerminal(pod)) return;
            if (pod.status.phase === "Succeeded") lastSuccess = now;
            // Pods manageJob deleted itself (finalizer stripped first) are not failures.
            else if (old.metadata.deletionTimestamp === null) failures.push(now);
          },
        }));
        expect(violations).toEqual([]);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    // The generator does reach the interesting case: creations after unreset failures.
    expect(checked).toBeGreaterThan(NUM_RUNS / 2);
  });

  it("status.succeeded and status.failed never decrease", () => {
    fc.assert(
      fc.property(params, (p) => {
        const seen: [number, number][] = [];
        runWith(p, () => ({
          onJob(_type, old, job: Job) {
            if (old !== null) {
              expect(job.status.succeeded).toBeGreaterThanOrEqual(old.status.succeeded);
              expect(job.status.failed).toBeGreaterThanOrEqual(old.status.failed);
            }
            seen.push([job.status.succeeded, job.status.failed]);
          },
        }));
        expect(seen.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
