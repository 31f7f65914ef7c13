import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { loadScenario } from "../../src/scenario/load.js";
import { run, scenarioFromFile, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const TEMPLATE = `{metadata: {name: q, labels: {app: q}}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}}`;

function withArrivals(arrivals: string, horizon = "1h", extraDocs = ""): string {
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  seed: 7
  start: "2026-01-01T00:00:00Z"
  horizon: ${horizon}
  workloads: [{match: {labels: {app: q}}, duration: 1m}]
  arrivals:
${arrivals}
${extraDocs}`;
}

const created = (r: Report) => r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)]);

describe("arrivals (spec.arrivals)", () => {
  it("a fixed interval submits <template>-<n> at start, start + every, ... up to count", () => {
    const r = run(scenarioFromText(withArrivals(`    - {template: ${TEMPLATE}, every: 5m, count: 4}`)));
    expect(created(r)).toEqual([
      ["q-1", 0],
      ["q-2", 300],
      ["q-3", 600],
      ["q-4", 900],
    ]);
    expect(r.summary.arrivals).toEqual({ submitted: 4 });
    expect(r.summary.jobs).toMatchObject({ created: 4, succeeded: 4 });
    // The generated job-name labels follow the new name (pods are matched and named by it).
    expect(r.pods.map((p) => p.job)).toEqual(["q-1", "q-2", "q-3", "q-4"]);
  });

  it("without count it runs to the end of the horizon (exclusive), from an optional start", () => {
    const r = run(scenarioFromText(withArrivals(`    - {template: ${TEMPLATE}, every: 5m, start: 40m}`)));
    expect(created(r)).toEqual([
      ["q-1", 2400],
      ["q-2", 2700],
      ["q-3", 3000],
      ["q-4", 3300],
    ]);
  });

  it("a template named by a declared Job is used as a template only, not created itself", () => {
    const job = `---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  template: {metadata: {labels: {app: q}}, spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
    const r = run(scenarioFromText(withArrivals("    - {template: batch, every: 20m}", "1h", job)));
    expect(created(r)).toEqual([
      ["batch-1", 0],
      ["batch-2", 1200],
      ["batch-3", 2400],
    ]);
  });

  it("a Poisson rate gives about rate x horizon arrivals, reproducibly per seed", () => {
    const text = withArrivals(`    - {template: ${TEMPLATE}, rate: 12/h}`, "100h");
    const a = run(scenarioFromText(text));
    const n = a.summary.arrivals as { submitted: number };
    // 1200 expected; 4 standard deviations (sqrt 1200 ~ 35) either side.
    expect(n.submitted).toBeGreaterThan(1060);
    expect(n.submitted).toBeLessThan(1340);
    expect(a.jobs.at(-1)!.name).toBe(`q-${n.submitted}`);
    const times = a.jobs.map((j) => Date.parse(j.createdAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(JSON.stringify(run(scenarioFromText(text)))).toBe(JSON.stringify(a));
    const other = run(scenarioFromText(text.replace("seed: 7", "seed: 8")));
    expect(other.jobs.map((j) => j.createdAt)).not.toEqual(a.jobs.map((j) => j.createdAt));
  });

  it("count caps a Poisson process too", () => {
    const r = run(scenarioFromText(withArrivals(`    - {template: ${TEMPLATE}, rate: 60/h, count: 3}`)));
    expect(r.jobs.map((j) => j.name)).toEqual(["q-1", "q-2", "q-3"]);
  });

  it("reports bad fields with their locations", () => {
    const text = withArrivals(
      `    - {template: nope, every: 5m}
    - {template: ${TEMPLATE}, every: 5m, rate: 1/h}
    - {template: ${TEMPLATE}, rate: 12 per hour, count: 0}`,
    );
    const result = loadScenario("t.yaml", { readFile: () => text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.format())).toEqual([
      `t.yaml:10:18 spec.arrivals[0].template: no Job named "nope" among the scenario's manifests`,
      `t.yaml:11:7 spec.arrivals[1]: expected exactly one of every, rate, got every and rate`,
      `t.yaml:12:${TEMPLATE.length + 26} spec.arrivals[2].rate: expected a rate such as 12/h (per ms, s, m, h, d or w), got "12 per hour"`,
      `t.yaml:12:${TEMPLATE.length + 46} spec.arrivals[2].count: expected an integer >= 1, got 0`,
    ]);
  });
});

describe("scenarios/arrivals-queueing.yaml", () => {
  it("gives the queueing delays its comment states", () => {
    const r = run(scenarioFromFile("scenarios/arrivals-queueing.yaml"));
    expect(r.summary.arrivals).toEqual({ submitted: 505 });
    expect(r.summary.jobs).toMatchObject({ created: 505, succeeded: 500 });
    expect(r.summary.wait).toEqual({ pod: { p50: 562.977, p99: 3090.188 } });
    expect(r.summary.duration).toMatchObject({ job: { p50: 1003.072, p90: 2696.79, p99: 3533.37 } });
  });
});
