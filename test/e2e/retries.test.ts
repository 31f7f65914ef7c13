/**
 * `retries` (README "Report"): a failed attempt counts once it is made again, by a later pod of
 * the same work or an in-place restart; every way a failure can end without a replacement is
 * not a retry. The summary is the sum of the per-Job values, which report.json, jobs.csv and
 * the terminal table all show.
 */
import { describe, expect, it } from "vitest";
import { JOB_COLUMNS, jobCsvRow } from "../../src/report/csv.js";
import { JobRetries } from "../../src/report/retries.js";
import { renderSummary } from "../../src/report/summary-table.js";
import type { Report } from "../../src/report/types.js";
import { oneJob, run, scenarioFromText } from "../helpers/scenario.js";

const TEMPLATE = (restartPolicy = "Never", grace = 0) =>
  `  template: {spec: {restartPolicy: ${restartPolicy}, terminationGracePeriodSeconds: ${grace}, containers: [{name: c, image: busybox}]}}`;

/** Run one Job `j`: `workload` is the body of its workload entry, `sim` extra spec lines. */
function runJob(workload: string, job: string, sim = ""): Report {
  return run(scenarioFromText(oneJob(`  workloads:\n    - match: {job: j}\n${workload}\n${sim}`, job)));
}

/** The Job's retries, checked to be the same in the summary, jobs.csv and the terminal table. */
function retriesOf(r: Report): number {
  expect(r.jobs).toHaveLength(1);
  const job = r.jobs[0]!;
  expect(r.summary.retries).toBe(job.retries);
  const column = JOB_COLUMNS.findIndex((c) => c.name === "retries");
  expect(JOB_COLUMNS[column]!.value(jobCsvRow(job))).toBe(job.retries);
  const lines = renderSummary(r).split("\n");
  const at = lines.findIndex((l) => l.startsWith("NAME ") && l.includes("RETRIES"));
  const header = lines[at]!;
  const row = lines[at + 1]!;
  expect(row.slice(header.indexOf("RETRIES")).split(/\s+/)[0]).toBe(String(job.retries));
  return job.retries!;
}

describe("retries", () => {
  it("NonIndexed: each failed pod followed by another pod, not the last one the Job failed on", () => {
    // Fails every time; backoffLimit 2: 3 failed pods, the first 2 retried, then BackoffLimitExceeded.
    const r = runJob("      script: [{exitCode: 1, after: 10s}]", `  backoffLimit: 2\n${TEMPLATE()}`);
    expect(r.jobs[0]!.status.failed).toBe(3);
    expect(retriesOf(r)).toBe(2);
  });

  it("Indexed: a later pod of another index does not retry a failed index (backoffLimitPerIndex)", () => {
    // Index 0 fails every time and is given up after 2 attempts; indexes 1-3 run one at a time after it.
    const r = runJob(
      `      script: [{exitCode: 0, after: 1m}]\n      scriptByIndex: {"0": [{exitCode: 1, after: 10s}]}`,
      `  completionMode: Indexed\n  completions: 4\n  parallelism: 1\n  backoffLimitPerIndex: 1\n${TEMPLATE()}`,
    );
    expect(r.jobs[0]!.status.failedIndexes).toBe("0");
    expect(r.pods.filter((p) => p.index === 0 && p.phase === "Failed")).toHaveLength(2);
    expect(retriesOf(r)).toBe(1);
  });

  it("FailIndex: the failed index is never retried, whatever other indexes do", () => {
    const r = runJob(
      `      script: [{exitCode: 0, after: 1m}]\n      scriptByIndex: {"1": [{exitCode: 3, after: 10s}]}`,
      `  completionMode: Indexed
  completions: 4
  parallelism: 1
  backoffLimitPerIndex: 3
  podFailurePolicy: {rules: [{action: FailIndex, onExitCodes: {operator: In, values: [3]}}]}
${TEMPLATE()}`,
    );
    expect(r.jobs[0]!.status.failedIndexes).toBe("1");
    expect(r.pods).toHaveLength(4);
    expect(retriesOf(r)).toBe(0);
  });

  it("maxFailedIndexes: the failure that fails the Job is not retried", () => {
    const r = runJob(
      `      script: [{exitCode: 0, after: 1m}]\n      scriptByIndex: {"0": [{exitCode: 1, after: 10s}], "1": [{exitCode: 1, after: 10s}]}`,
      `  completionMode: Indexed\n  completions: 4\n  parallelism: 2\n  backoffLimitPerIndex: 0\n  maxFailedIndexes: 1\n${TEMPLATE()}`,
    );
    expect(r.jobs[0]!.status.conditions.at(-1)!.reason).toBe("MaxFailedIndexesExceeded");
    expect(retriesOf(r)).toBe(0);
  });

  it("FailJob: no retry, and the pods deleted with the Job are not failures", () => {
    const r = runJob(
      "      script: [{exitCode: 3, after: 10s}]\n      scriptByIndex: {}",
      `  parallelism: 3
  completions: 3
  podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [3]}}]}
${TEMPLATE()}`,
    );
    expect(r.jobs[0]!.status.conditions.at(-1)!.reason).toBe("PodFailurePolicy");
    expect(retriesOf(r)).toBe(0);
  });

  it("activeDeadlineSeconds before the replacement: not a retry", () => {
    // The pod fails at 50 s; its replacement would come after the 10 s backoff, the deadline is 55 s.
    const r = runJob(
      "      script: [{exitCode: 1, after: 50s}]",
      `  activeDeadlineSeconds: 55\n${TEMPLATE()}`,
    );
    expect(r.jobs[0]!.status.conditions.at(-1)!.reason).toBe("DeadlineExceeded");
    expect(r.pods).toHaveLength(1);
    expect(retriesOf(r)).toBe(0);
  });

  it("suspended before the replacement: not a retry; resumed later: the first new pod retries it", () => {
    const job = `  backoffLimit: 6\n${TEMPLATE()}`;
    const workload = "      script: [{exitCode: 1, after: 30s}, {exitCode: 0, after: 1m}]";
    const suspend = "    - {at: 35s, patch: {kind: Job, name: j, spec: {suspend: true}}}";
    const suspended = runJob(workload, job, `  actions:\n${suspend}`);
    expect(suspended.pods).toHaveLength(1);
    expect(retriesOf(suspended)).toBe(0);
    const resumed = runJob(
      workload,
      job,
      `  actions:\n${suspend}\n    - {at: 10m, patch: {kind: Job, name: j, spec: {suspend: false}}}`,
    );
    expect(resumed.pods).toHaveLength(2);
    expect(retriesOf(resumed)).toBe(1);
  });

  it("success policy met before the replacement: not a retry", () => {
    // Index 1 fails at 9m55s; index 0 succeeds at 10m, before the 10 s backoff has passed.
    const r = runJob(
      `      script: [{hang: true}]\n      scriptByIndex: {"0": [{exitCode: 0, after: 10m}], "1": [{exitCode: 1, after: 595s}]}`,
      `  completionMode: Indexed
  completions: 3
  parallelism: 3
  successPolicy: {rules: [{succeededIndexes: "0"}]}
${TEMPLATE()}`,
    );
    expect(r.jobs[0]!.status.conditions.map((c) => c.type)).toContain("Complete");
    expect(r.pods).toHaveLength(3);
    expect(retriesOf(r)).toBe(0);
  });

  it("Job deleted before the replacement: not a retry", () => {
    const r = runJob(
      "      script: [{exitCode: 1, after: 30s}]",
      TEMPLATE(),
      "  actions:\n    - {at: 35s, delete: {kind: Job, name: j}}",
    );
    expect(r.jobs[0]!.deletedAt).not.toBeNull();
    expect(retriesOf(r)).toBe(0);
  });

  it("restartPolicy OnFailure: each in-place restart is a retry", () => {
    const r = runJob(
      "      script: [{exitCode: 1, after: 10s}, {exitCode: 1, after: 10s}, {exitCode: 0, after: 10s}]",
      TEMPLATE("OnFailure"),
    );
    expect(r.pods).toHaveLength(1);
    expect(r.summary.pods).toMatchObject({ restarts: 2 });
    expect(retriesOf(r)).toBe(2);
  });
});

describe("JobRetries", () => {
  it("a created pod retries one failure of its own index only", () => {
    const r = new JobRetries();
    r.podFailed(1);
    r.podFailed(1);
    r.podCreated(2);
    expect(r.count).toBe(0);
    r.podCreated(1);
    r.podCreated(1);
    r.podCreated(1);
    expect(r.count).toBe(2);
    r.podCreated(null);
    r.podFailed(null);
    r.podCreated(null);
    r.restarted(3);
    expect(r.count).toBe(6);
  });
});
