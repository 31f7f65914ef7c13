import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromFile, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

/** A scenario of Jobs `name: {dependsOn, rule, script}`; each pod follows its Job's script. */
function pipeline(
  jobs: Record<string, { dependsOn?: string; rule?: string; script: string }>,
  extra = "",
): string {
  const workloads = Object.entries(jobs)
    .map(([name, j]) => `    - {match: {job: ${name}}, script: ${j.script}}`)
    .join("\n");
  const docs = Object.entries(jobs).map(([name, j]) => {
    const annotations = [
      j.dependsOn === undefined ? "" : `    jobsim.dev/depends-on: "${j.dependsOn}"`,
      j.rule === undefined ? "" : `    jobsim.dev/trigger-rule: ${j.rule}`,
    ].filter((l) => l !== "");
    return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
${annotations.length > 0 ? `  annotations:\n${annotations.join("\n")}\n` : ""}spec:
  backoffLimit: 0
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
  });
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: 6h
${extra}  workloads:
${workloads}
---
${docs.join("---\n")}`;
}

const OK = "[{exitCode: 0, after: 10m}]";
const FAIL = "[{exitCode: 1, after: 5m}]";

const created = (r: Report) => Object.fromEntries(r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)]));
const finished = (r: Report, name: string) => {
  const job = r.jobs.find((j) => j.name === name)!;
  const terminal = job.status.conditions.find(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
  return [terminal?.type, secondsFrom(r, terminal?.lastTransitionTime)];
};

describe("dependent Jobs (jobsim.dev/depends-on)", () => {
  it("runs extract -> transform -> load in order, each created at its dependency's completion instant", () => {
    const r = run(
      scenarioFromText(
        pipeline({
          extract: { script: OK },
          transform: { dependsOn: "extract", script: OK },
          load: { dependsOn: "transform", script: OK },
        }),
      ),
    );
    // Pods succeed after 600 s; the Job controller's next sync (1 s later) marks the Job Complete.
    expect(finished(r, "extract")).toEqual(["Complete", 601]);
    expect(created(r)).toEqual({ extract: 0, transform: 601, load: 1202 });
    expect(finished(r, "transform")).toEqual(["Complete", 1202]);
    expect(finished(r, "load")).toEqual(["Complete", 1803]);
    expect(r.skipped).toEqual([]);
    expect(r.summary.jobs).toMatchObject({ created: 3, succeeded: 3, skipped: 0 });
  });

  it("a failure in transform skips load, and the skip cascades with its cause", () => {
    const r = run(
      scenarioFromText(
        pipeline({
          extract: { script: OK },
          transform: { dependsOn: "extract", script: FAIL },
          load: { dependsOn: "transform", script: OK },
          report: { dependsOn: "load", script: OK },
        }),
      ),
    );
    expect(created(r)).toEqual({ extract: 0, transform: 601 });
    expect(finished(r, "transform")).toEqual(["Failed", 902]);
    expect(r.skipped).toEqual([
      {
        namespace: "default",
        name: "load",
        cause: "dependency transform failed",
        at: "2026-01-01T00:15:02.000Z",
      },
      {
        namespace: "default",
        name: "report",
        cause: "dependency load was skipped",
        at: "2026-01-01T00:15:02.000Z",
      },
    ]);
    expect(r.summary.jobs).toMatchObject({ created: 2, succeeded: 1, failed: 1, skipped: 2 });
  });

  it("all-done runs after a failure; any-failed runs only when a dependency failed", () => {
    const r = run(
      scenarioFromText(
        pipeline({
          work: { script: FAIL },
          cleanup: { dependsOn: "work", rule: "all-done", script: OK },
          alert: { dependsOn: "work", rule: "any-failed", script: OK },
        }),
      ),
    );
    expect(finished(r, "work")).toEqual(["Failed", 301]);
    expect(created(r)).toEqual({ work: 0, cleanup: 301, alert: 301 });
    expect(r.skipped).toEqual([]);

    const ok = run(
      scenarioFromText(
        pipeline({
          work: { script: OK },
          cleanup: { dependsOn: "work", rule: "all-done", script: OK },
          alert: { dependsOn: "work", rule: "any-failed", script: OK },
        }),
      ),
    );
    expect(created(ok)).toEqual({ work: 0, cleanup: 601 });
    expect(ok.skipped).toEqual([
      {
        namespace: "default",
        name: "alert",
        cause: "no dependency failed (trigger rule any-failed)",
        at: "2026-01-01T00:10:01.000Z",
      },
    ]);
  });

  it("fan-in: a Job with two dependencies starts when the later one completes", () => {
    const r = run(
      scenarioFromText(
        pipeline({
          a: { script: "[{exitCode: 0, after: 10m}]" },
          b: { script: "[{exitCode: 0, after: 30m}]" },
          join: { dependsOn: "a, b", script: OK },
        }),
      ),
    );
    expect(created(r)).toEqual({ a: 0, b: 0, join: 1801 });
    expect(finished(r, "b")).toEqual(["Complete", 1801]);
  });

  it("all-succeeded skips at the first failure without waiting for the other dependencies", () => {
    const r = run(
      scenarioFromText(
        pipeline({
          a: { script: FAIL },
          b: { script: "[{exitCode: 0, after: 30m}]" },
          join: { dependsOn: "a,b", script: OK },
        }),
      ),
    );
    expect(r.skipped).toEqual([
      { namespace: "default", name: "join", cause: "dependency a failed", at: "2026-01-01T00:05:01.000Z" },
    ]);
  });

  it("a dependency deleted before it finished skips its dependents", () => {
    const r = run(
      scenarioFromText(
        pipeline(
          {
            a: { script: "[{hang: true}]" },
            b: { dependsOn: "a", script: OK },
          },
          "  actions: [{at: 20m, delete: {kind: Job, name: a}}]\n",
        ),
      ),
    );
    expect(r.skipped).toEqual([
      {
        namespace: "default",
        name: "b",
        cause: "dependency a was deleted before it finished",
        at: "2026-01-01T00:20:00.000Z",
      },
    ]);
  });

  it("the etl-pipeline scenario gives the answer its comment states (seed 42, and seed 4)", () => {
    const scenario = scenarioFromFile("scenarios/etl-pipeline.yaml");
    const r = run(scenario);
    const at = (iso: string | null | undefined) => iso?.slice(11, 19);
    expect(r.jobs.map((j) => [j.name, at(j.createdAt), at(j.status.completionTime)])).toEqual([
      ["extract-orders", "01:00:00", "01:18:02"],
      ["extract-users", "01:00:00", "01:09:43"],
      ["transform", "01:18:02", "01:48:12"],
      ["cleanup-staging", "01:48:12", "01:50:21"],
      ["load", "01:48:12", "01:58:22"],
      ["report", "01:58:22", "02:00:30"],
    ]);
    expect(r.skipped!.map((s) => [s.name, s.cause])).toEqual([
      ["alert-oncall", "no dependency failed (trigger rule any-failed)"],
    ]);
    const bad = run({ ...scenario, simulation: { ...scenario.simulation, seed: 4 } });
    expect(bad.skipped!.map((s) => [s.name, s.cause, at(s.at)])).toEqual([
      ["load", "dependency transform failed", "01:26:09"],
      ["report", "dependency load was skipped", "01:26:09"],
    ]);
    expect(bad.jobs.map((j) => [j.name, at(j.createdAt)]).slice(3)).toEqual([
      ["alert-oncall", "01:26:09"],
      ["cleanup-staging", "01:26:09"],
    ]);
  });

  it("property: the same scenario and seed give identical reports", () => {
    const text = pipeline({
      a: { script: OK },
      b: { dependsOn: "a", script: FAIL },
      c: { dependsOn: "b", rule: "all-done", script: OK },
      d: { dependsOn: "b,c", script: OK },
    });
    const scenario = scenarioFromText(text);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const s = { ...scenario, simulation: { ...scenario.simulation, seed } };
        expect(JSON.stringify(run(s))).toBe(JSON.stringify(run(s)));
      }),
      { numRuns: 15 },
    );
  });
});
