/**
 * The report's counts agree with each other over random Jobs (Indexed or not, per-index
 * backoff, pod failure policies, restarts in place, deadlines, suspends, limited capacity):
 * `retries` is the sum of the per-Job values, each bounded by the pods that could have been
 * retries; pods fall in one category each; the busy period's utilization is the horizon's
 * scaled up.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lookupMetric } from "../../src/report/flatten.js";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromText } from "../helpers/scenario.js";

const SEED = 20261206;
const HORIZON_SECONDS = 2 * 3600;

interface JobCase {
  indexed: boolean;
  completions: number;
  parallelism: number;
  perIndex: boolean;
  backoffLimit: number;
  failure: number;
  restartPolicy: "Never" | "OnFailure";
  /** podFailurePolicy on exit code 3: none, FailIndex (Indexed with per-index backoff), FailJob. */
  policy: "none" | "FailIndex" | "FailJob";
  deadline: number | null;
  suspend: { at: number; resumeAfter: number | null } | null;
}

const jobCase: fc.Arbitrary<JobCase> = fc.record({
  indexed: fc.boolean(),
  completions: fc.integer({ min: 1, max: 8 }),
  parallelism: fc.integer({ min: 1, max: 4 }),
  perIndex: fc.boolean(),
  backoffLimit: fc.integer({ min: 0, max: 4 }),
  failure: fc.constantFrom(0.2, 0.5, 0.9),
  restartPolicy: fc.constantFrom("Never" as const, "Never" as const, "OnFailure" as const),
  policy: fc.constantFrom("none" as const, "FailIndex" as const, "FailJob" as const),
  deadline: fc.option(fc.integer({ min: 60, max: 1800 }), { nil: null }),
  suspend: fc.option(
    fc.record({
      at: fc.integer({ min: 5, max: 1200 }),
      resumeAfter: fc.option(fc.integer({ min: 1, max: 1200 }), { nil: null }),
    }),
    { nil: null },
  ),
});

function scenarioYaml(seed: number, capacity: number, c: JobCase): string {
  const perIndex = c.indexed && (c.perIndex || c.policy === "FailIndex");
  const policy = c.policy === "FailIndex" && !perIndex ? "none" : c.policy;
  const limits = perIndex
    ? `  backoffLimitPerIndex: ${c.backoffLimit}\n`
    : `  backoffLimit: ${c.backoffLimit}\n`;
  const rules =
    policy === "none" || c.restartPolicy === "OnFailure"
      ? ""
      : `  podFailurePolicy: {rules: [{action: ${policy}, onExitCodes: {operator: In, values: [3]}}]}\n`;
  const actions: string[] = [];
  if (c.suspend !== null) {
    actions.push(`    - {at: ${c.suspend.at}s, patch: {kind: Job, name: j, spec: {suspend: true}}}`);
    if (c.suspend.resumeAfter !== null) {
      const at = c.suspend.at + c.suspend.resumeAfter;
      actions.push(`    - {at: ${at}s, patch: {kind: Job, name: j, spec: {suspend: false}}}`);
    }
  }
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: numbers}
spec:
  seed: ${seed}
  start: "2026-01-01T00:00:00Z"
  horizon: ${HORIZON_SECONDS}s
  cluster:
    capacity: {pods: ${capacity}}
    podStartup: {uniform: {min: 0s, max: 10s}}
    podShutdown: {uniform: {min: 0s, max: 20s}}
  workloads:
    - match: {job: j}
      duration: {uniform: {min: 30s, max: 5m}}
      failure: {probability: ${c.failure}, after: {uniform: {min: 5s, max: 60s}}, exitCodes: {"1": 0.7, "3": 0.3}}
${actions.length > 0 ? `  actions:\n${actions.join("\n")}\n` : ""}---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  completionMode: ${c.indexed ? "Indexed" : "NonIndexed"}
  completions: ${c.completions}
  parallelism: ${c.parallelism}
${limits}${c.deadline === null ? "" : `  activeDeadlineSeconds: ${c.deadline}\n`}${rules}  template: {spec: {restartPolicy: ${c.restartPolicy}, containers: [{name: c, image: busybox}]}}
`;
}

function check(report: Report): void {
  const metric = (name: string) => lookupMetric(report.summary, name);
  // retries: the summary is the sum of the Jobs' own counts.
  const perJob = report.jobs.map((j) => j.retries ?? Number.NaN);
  expect(metric("retries")).toBe(perJob.reduce((a, b) => a + b, 0));
  for (const job of report.jobs) {
    const pods = report.pods.filter((p) => p.job === job.name);
    const restarts = pods.reduce((a, p) => a + p.restarts, 0);
    const failed = pods.filter((p) => p.phase === "Failed").length;
    // A pod retries at most one failure of its own work (its index), and the last pod of each
    // work retries nothing after it.
    const perWork = new Map<number, number>();
    for (const p of pods) perWork.set(p.index ?? -1, (perWork.get(p.index ?? -1) ?? 0) + 1);
    const laterPods = [...perWork.values()].reduce((a, n) => a + n - 1, 0);
    expect(job.retries! - restarts).toBeGreaterThanOrEqual(0);
    expect(job.retries! - restarts).toBeLessThanOrEqual(Math.min(failed, laterPods));
  }
  // Pods: one category each; the Failed phase is split between failures and deletions.
  const created = metric("pods.created")!;
  const succeeded = metric("pods.succeeded")!;
  const failed = metric("pods.failed")!;
  const deleted = metric("pods.deletedByController")!;
  expect(created).toBe(report.pods.length);
  expect(succeeded + failed + deleted).toBeLessThanOrEqual(created);
  const phaseFailed = report.pods.filter((p) => p.phase === "Failed").length;
  expect(failed).toBeLessThanOrEqual(phaseFailed);
  expect(failed + deleted).toBeGreaterThanOrEqual(phaseFailed);
  // Busy period inside the horizon; the same usage over a shorter span.
  const busy = metric("cluster.busyPeriod.seconds");
  if (report.pods.length === 0) {
    expect(busy).toBeNull();
    return;
  }
  const start = metric("cluster.busyPeriod.startSeconds")!;
  const end = metric("cluster.busyPeriod.endSeconds")!;
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeLessThanOrEqual(HORIZON_SECONDS);
  expect(busy).toBeCloseTo(end - start, 6);
  const horizon = metric("cluster.utilization")!;
  expect(metric("cluster.utilizationBusy")).toBeCloseTo((horizon * HORIZON_SECONDS) / busy!, 9);
}

describe("report numbers (property)", () => {
  it("retries, pod categories and the busy period agree with the rows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 6 }),
        jobCase,
        (seed, cap, c) => check(run(scenarioFromText(scenarioYaml(seed, cap, c)))),
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});
