/**
 * `spec.controller.apiQPS`, `apiBurst`, `apiLatency`, `schedulerQPS`, `schedulerBurst`:
 * defaults, unlimited, and located errors.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../src/scenario/load.js";
import { oneJob, scenarioFromText } from "../../helpers/scenario.js";

const JOB =
  "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]";

function errorsOf(controller: string): string[] {
  const text = oneJob(`  controller:\n${controller}`, JOB);
  const result = loadScenario("t.yaml", { readFile: () => text });
  return result.ok ? [] : result.errors.map((e) => e.format());
}

describe("API client fields", () => {
  it("default to kube-controller-manager's 20 QPS and burst 30, kube-scheduler's 50 and 100, no latency", () => {
    const s = scenarioFromText(oneJob("", JOB));
    expect(s.simulation.controller.api).toEqual({
      qps: 20,
      burst: 30,
      latency: null,
      scheduler: { qps: 50, burst: 100 },
    });
  });

  it("read the scheduler's limits apart from the controllers'", () => {
    const s = scenarioFromText(
      oneJob("  controller: {apiQPS: 5, schedulerQPS: unlimited, schedulerBurst: 7}", JOB),
    );
    expect(s.simulation.controller.api).toMatchObject({
      qps: 5,
      burst: 30,
      scheduler: { qps: null, burst: 7 },
    });
    const f = scenarioFromText(oneJob("  controller: {schedulerQPS: 2.5}", JOB));
    expect(f.simulation.controller.api?.scheduler).toEqual({ qps: 2.5, burst: 100 });
  });

  it("read unlimited, fractions, a burst and a latency distribution", () => {
    const s = scenarioFromText(
      oneJob("  controller: {apiQPS: unlimited, apiBurst: 5, apiLatency: 20ms}", JOB),
    );
    expect(s.simulation.controller.api).toEqual({
      qps: null,
      burst: 5,
      latency: { kind: "constant", value: 20 },
      scheduler: { qps: 50, burst: 100 },
    });
    const f = scenarioFromText(oneJob("  controller: {apiQPS: 0.5}", JOB));
    expect(f.simulation.controller.api?.qps).toBe(0.5);
  });

  it.each([
    ["    apiQPS: 0", "spec.controller.apiQPS", "a number of requests per second > 0, or unlimited"],
    ["    apiQPS: -3", "spec.controller.apiQPS", "> 0, or unlimited"],
    ["    apiQPS: lots", "spec.controller.apiQPS", "or unlimited"],
    ["    apiBurst: 0", "spec.controller.apiBurst", "a whole number of requests >= 1"],
    ["    apiBurst: 2.5", "spec.controller.apiBurst", ">= 1"],
    [
      "    schedulerQPS: 0",
      "spec.controller.schedulerQPS",
      "a number of requests per second > 0, or unlimited",
    ],
    ["    schedulerBurst: 0", "spec.controller.schedulerBurst", "a whole number of requests >= 1"],
  ])("%s is an error at its field", (line, path, expected) => {
    const errors = errorsOf(line);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(path);
    expect(errors[0]).toContain(expected);
    // file:line:column of the value (line 8: the field under `controller:`)
    expect(errors[0]).toMatch(/^t\.yaml:8:\d+ /);
  });
});
