import type { Clock } from "../../src/engine/clock.js";
import type { StoreListener } from "../../src/k8s/store.js";
import type { Report } from "../../src/report/types.js";
import { runScenario } from "../../src/run/run.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/types.js";

/** Load a scenario from YAML text (as if it were the file `name`); throws on errors. */
export function scenarioFromText(text: string, name = "test.yaml"): Scenario {
  const result = loadScenario(name, { readFile: (p) => (p === name ? text : "") });
  if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join("\n"));
  return result.scenario;
}

/** Load a scenario file from the repository; throws on errors. */
export function scenarioFromFile(file: string): Scenario {
  const result = loadScenario(file);
  if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join("\n"));
  return result.scenario;
}

/** Run a scenario, optionally observing every API write with the simulated clock. */
export function run(scenario: Scenario, observe?: (clock: Clock) => StoreListener): Report {
  let listener: StoreListener | undefined;
  let clock: Clock | undefined;
  const lazy: StoreListener = {
    onPod: (t, o, p, r) => listener?.onPod?.(t, o, p, r),
    onJob: (t, o, j) => listener?.onJob?.(t, o, j),
    onCronJob: (t, o, c) => listener?.onCronJob?.(t, o, c),
  };
  return runScenario(scenario, {
    listeners: observe ? [lazy] : [],
    onStart: (c) => {
      clock = c;
      if (observe) listener = observe(clock);
    },
  }).report;
}

/** Seconds from the scenario start to an ISO instant in a report. */
export function secondsFrom(report: Report, iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined) return null;
  return (Date.parse(iso) - Date.parse(report.scenario.start)) / 1000;
}

/**
 * YAML of a scenario with one Job named `j`, starting 2026-01-01T00:00:00Z for 1 h: `sim` holds
 * extra Simulation spec lines, `job` the Job spec body (both indented as in the document).
 */
export function oneJob(sim: string, job: string): string {
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: 1h
${sim}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
${job}
`;
}
