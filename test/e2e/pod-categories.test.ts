/**
 * Pods a controller deleted before they finished are their own category
 * (`pods.deletedByController`, `podSeconds.deleted`), not failures; and the cluster's
 * utilization is reported over the horizon and over the busy period.
 */
import { describe, expect, it } from "vitest";
import { lookupMetric } from "../../src/report/flatten.js";
import { renderSummary } from "../../src/report/summary-table.js";
import type { Report } from "../../src/report/types.js";
import { oneJob, run, scenarioFromFile, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const metric = (r: Report, name: string) => lookupMetric(r.summary, name);

describe("pods deleted by a controller", () => {
  it("success policy: the deleted workers are not failures, and their time is podSeconds.deleted", () => {
    const r = run(scenarioFromFile("scenarios/success-policy.yaml"));
    const job = r.jobs.find((j) => j.name === "train-success-policy")!;
    expect(job.status.failed).toBe(0);
    const workers = r.pods.filter((p) => p.job === job.name && p.index !== 0);
    expect(workers).toHaveLength(7);
    expect(metric(r, "pods.failed")).toBe(0);
    expect(metric(r, "pods.deletedByController")).toBe(7);
    expect(metric(r, "podSeconds.failed")).toBe(0);
    const ran = workers.reduce((a, p) => a + secondsFrom(r, p.finishedAt)! - secondsFrom(r, p.startedAt)!, 0);
    expect(metric(r, "podSeconds.deleted")).toBeCloseTo(ran, 3);
    const text = renderSummary(r);
    expect(text).toContain("2 succeeded, 0 failed, 7 deleted by controller");
    expect(text).toContain("0s in failed attempts, 3h31m in pods deleted by controller");
  });

  it("suspend: a running and a Pending pod deleted are not failures; a pod failing by itself is", () => {
    // One pod slot: the first pod runs, the second waits Pending; the third attempt fails by itself.
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {capacity: {pods: 1}}
  workloads:
    - match: {job: j}
      script: [{exitCode: 1, after: 10s}, {exitCode: 0, after: 10m}]
  actions:
    - {at: 5m, patch: {kind: Job, name: j, spec: {suspend: true}}}`,
          `  parallelism: 2
  completions: 2
  template: {spec: {restartPolicy: Never, terminationGracePeriodSeconds: 0, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    expect(metric(r, "pods.created")).toBe(3);
    expect(metric(r, "pods.failed")).toBe(1);
    expect(metric(r, "pods.deletedByController")).toBe(2);
    expect(metric(r, "retries")).toBe(1);
  });
});

describe("cluster utilization", () => {
  it("over the busy period as well as over the horizon", () => {
    // Two 30-minute pods on 4 slots from 00:10 to 00:40 of a 2-hour horizon.
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {capacity: {pods: 4}}
  workloads: [{match: {job: j}, duration: 30m}]
  actions:
    - {at: 10m, patch: {kind: Job, name: j, spec: {suspend: false}}}`,
          `  parallelism: 2
  completions: 2
  suspend: true
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
        ).replace("horizon: 1h", "horizon: 2h"),
      ),
    );
    expect(metric(r, "cluster.busyPeriod.startSeconds")).toBe(600);
    expect(metric(r, "cluster.busyPeriod.endSeconds")).toBe(2400);
    expect(metric(r, "cluster.busyPeriod.seconds")).toBe(1800);
    expect(metric(r, "cluster.utilization")).toBeCloseTo((2 * 1800) / (4 * 7200), 9);
    expect(metric(r, "cluster.utilizationBusy")).toBeCloseTo(0.5, 9);
    expect(metric(r, "cluster.podUtilizationBusy")).toBeCloseTo(0.5, 9);
    expect(renderSummary(r)).toContain("utilization 0.13 over the horizon, 0.5 over the busy period (30m)");
  });
});
