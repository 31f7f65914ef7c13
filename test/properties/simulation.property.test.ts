import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { objectKey } from "../../src/k8s/store.js";
import type { Pod } from "../../src/k8s/types.js";
import { toJson } from "../../src/report/format.js";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromText } from "../helpers/scenario.js";

/** Fixed seed for the properties themselves; printed by fast-check on failure for replay. */
const SEED = 20261127;

interface JobParams {
  parallelism: number;
  completions: number | null;
  backoffLimit: number;
  failure: number;
  restartPolicy: "Never" | "OnFailure";
}

const jobParams: fc.Arbitrary<JobParams> = fc.record({
  parallelism: fc.integer({ min: 1, max: 6 }),
  completions: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  backoffLimit: fc.integer({ min: 0, max: 6 }),
  failure: fc.constantFrom(0, 0.2, 0.5, 0.9),
  restartPolicy: fc.constantFrom("Never" as const, "OnFailure" as const),
});

function jobYaml(name: string, p: JobParams): string {
  return `---
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  parallelism: ${p.parallelism}
${p.completions === null ? "" : `  completions: ${p.completions}\n`}  backoffLimit: ${p.backoffLimit}
  template: {spec: {restartPolicy: ${p.restartPolicy}, containers: [{name: c, image: busybox}]}}
`;
}

function workloadYaml(name: string, p: JobParams): string {
  return `    - match: {job: ${name}}
      duration: {lognormal: {median: 2m, sigma: 0.5}}
      failure: {probability: ${p.failure}, after: {uniform: {min: 5s, max: 90s}}, exitCodes: {"1": 0.7, "137": 0.3}}
`;
}

function scenarioYaml(
  seed: number,
  jobs: [string, JobParams][],
  shutdown = "{uniform: {min: 0s, max: 20s}}",
): string {
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: prop}
spec:
  seed: ${seed}
  start: "2026-01-01T00:00:00Z"
  horizon: 3h
  cluster:
    podStartup: {uniform: {min: 0s, max: 10s}}
    podShutdown: ${shutdown}
  workloads:
${jobs.map(([n, p]) => workloadYaml(n, p)).join("")}${jobs.map(([n, p]) => jobYaml(n, p)).join("")}`;
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 });

/** A work-queue Job whose pods may also be evicted (workload `disruption`). */
interface QueueParams {
  parallelism: number;
  items: number;
  itemFailure: number;
  perHour: number;
}

const queueParams: fc.Arbitrary<QueueParams> = fc.record({
  parallelism: fc.integer({ min: 1, max: 6 }),
  items: fc.integer({ min: 1, max: 150 }),
  itemFailure: fc.constantFrom(0, 0.05, 0.3),
  perHour: fc.constantFrom(0, 1, 6),
});

/** A scenario of work-queue Jobs with per-pod evictions (no cluster-wide bursts: those are shared). */
function queueScenarioYaml(seed: number, jobs: [string, QueueParams][]): string {
  const workloads = jobs
    .map(
      ([n, p]) => `    - match: {job: ${n}}
      workQueue: {items: ${p.items}, itemDuration: {exponential: {mean: 20s}}, itemFailure: {probability: ${p.itemFailure}, exitCode: 3}}
      disruption: {perHour: ${p.perHour}}
`,
    )
    .join("");
  const manifests = jobs
    .map(
      ([n, p]) => `---
apiVersion: batch/v1
kind: Job
metadata: {name: ${n}}
spec:
  parallelism: ${p.parallelism}
  backoffLimit: 100
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`,
    )
    .join("");
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: prop}
spec:
  seed: ${seed}
  start: "2026-01-01T00:00:00Z"
  horizon: 3h
  cluster:
    podStartup: {uniform: {min: 0s, max: 10s}}
    podShutdown: {uniform: {min: 0s, max: 20s}}
  workloads:
${workloads}${manifests}`;
}

describe("simulation properties", () => {
  it("the same scenario and seed give byte-identical reports", () => {
    fc.assert(
      fc.property(seeds, jobParams, jobParams, (seed, a, b) => {
        const text = scenarioYaml(seed, [
          ["alpha", a],
          ["beta", b],
        ]);
        const first = toJson(run(scenarioFromText(text)));
        const second = toJson(run(scenarioFromText(text)));
        expect(second).toBe(first);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it("a different seed gives a different run (the seed is actually used)", () => {
    const p: JobParams = {
      parallelism: 3,
      completions: 6,
      backoffLimit: 6,
      failure: 0.5,
      restartPolicy: "Never",
    };
    const one = run(scenarioFromText(scenarioYaml(1, [["alpha", p]])));
    const two = run(scenarioFromText(scenarioYaml(2, [["alpha", p]])));
    expect(toJson(one.pods)).not.toBe(toJson(two.pods));
  });

  it("adding a Job does not change another Job's pods (named random streams)", () => {
    const podsOf = (r: Report, job: string) => toJson(r.pods.filter((p) => p.job === job));
    fc.assert(
      fc.property(seeds, jobParams, jobParams, (seed, a, b) => {
        const alone = run(scenarioFromText(scenarioYaml(seed, [["alpha", a]])));
        const together = run(
          scenarioFromText(
            scenarioYaml(seed, [
              ["beta", b],
              ["alpha", a],
            ]),
          ),
        );
        expect(podsOf(together, "alpha")).toBe(podsOf(alone, "alpha"));
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it("adding a Job changes neither the pods nor the queue of a work-queue Job with evictions", () => {
    const podsOf = (r: Report, job: string) => toJson(r.pods.filter((p) => p.job === job));
    const queueOf = (r: Report) =>
      (r.summary.workQueue as { jobs: Record<string, unknown> }).jobs["default/alpha"];
    fc.assert(
      fc.property(seeds, queueParams, queueParams, (seed, a, b) => {
        const alone = run(scenarioFromText(queueScenarioYaml(seed, [["alpha", a]])));
        const together = run(
          scenarioFromText(
            queueScenarioYaml(seed, [
              ["beta", b],
              ["alpha", a],
            ]),
          ),
        );
        expect(podsOf(together, "alpha")).toBe(podsOf(alone, "alpha"));
        expect(queueOf(together)).toEqual(queueOf(alone));
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it("a Job never has more than `parallelism` pods running that are not being deleted", () => {
    fc.assert(
      fc.property(seeds, jobParams, (seed, p) => {
        const running = new Set<string>();
        let peak = 0;
        const isCounted = (pod: Pod) =>
          pod.status.phase === "Running" && pod.metadata.deletionTimestamp === null;
        run(scenarioFromText(scenarioYaml(seed, [["alpha", p]])), () => ({
          onPod(_type, _old, pod) {
            const key = objectKey(pod.metadata.namespace, pod.metadata.name);
            if (isCounted(pod) && _type !== "DELETED") running.add(key);
            else running.delete(key);
            peak = Math.max(peak, running.size);
          },
        }));
        expect(peak).toBeLessThanOrEqual(p.parallelism);
        expect(peak).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("a finished Job has exactly one of Complete and Failed, and counters match its pods", () => {
    fc.assert(
      fc.property(seeds, jobParams, (seed, p) => {
        const r = run(scenarioFromText(scenarioYaml(seed, [["alpha", p]])));
        const job = r.jobs[0]!;
        const terminal = job.status.conditions.filter(
          (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
        );
        expect(terminal.length).toBeLessThanOrEqual(1);
        if (terminal.length === 1) expect(job.status.active).toBe(0);
        if (p.completions !== null) expect(job.status.succeeded).toBeLessThanOrEqual(p.completions);
        expect(job.status.succeeded).toBe(r.pods.filter((x) => x.phase === "Succeeded").length);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
