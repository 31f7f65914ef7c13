/**
 * The ttl-after-finished-controller's client in whole runs: the GET and then the DELETE of an
 * expired Job each take the request latency, the Job is deleted when the DELETE returns, and
 * the key is not synced again while its worker waits.
 */
import { describe, expect, it } from "vitest";
import type { StoreListener } from "../../../src/k8s/store.js";
import { oneJob, run, scenarioFromText } from "../../helpers/scenario.js";

const JOB = `  ttlSecondsAfterFinished: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x}]`;

describe("ttl-after-finished-controller API client", () => {
  it("200 ms latency: the Job is deleted 400 ms after its Complete status landed (GET, then DELETE)", () => {
    let completeAt: number | null = null;
    let deletedAt: number | null = null;
    const observe = (clock: { now(): number }): StoreListener => ({
      onJob: (type, _old, job) => {
        if (type === "DELETED") deletedAt = clock.now();
        else if (completeAt === null && job.status.conditions.some((c) => c.type === "Complete"))
          completeAt = clock.now();
      },
    });
    const text = oneJob(
      "  workloads: [{match: {}, duration: 1m}]\n  controller: {apiQPS: unlimited, apiLatency: 200ms}",
      JOB,
    );
    const report = run(scenarioFromText(text), observe);
    expect(completeAt).not.toBeNull();
    expect(deletedAt! - completeAt!).toBe(400);
    const calls = (report.summary.controlPlane as { calls: Record<string, number> }).calls;
    expect(calls["ttl-after-finished-controller"]).toBe(2);
  });
});
