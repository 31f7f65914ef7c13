import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  estimateRun,
  FULL_REPORT_BUDGET_BYTES,
  fullReportRefusal,
  LARGE_RUN_EVENTS,
  largeRunWarning,
} from "../../../src/run/estimate.js";
import { GOLDEN_DIR, shippedScenarios } from "../../golden/golden.js";
import { scenarioFromFile, scenarioFromText } from "../../helpers/scenario.js";

/** A metric of a golden report's summary.csv. */
function goldenMetric(scenario: string, metric: string): number {
  const text = readFileSync(path.join(GOLDEN_DIR, scenario, "summary.csv"), "utf8");
  const line = text.split("\n").find((l) => l.startsWith(`${metric},`));
  if (!line) throw new Error(`${scenario}: no ${metric}`);
  return Number(line.slice(metric.length + 1));
}

/** True when `estimate` is within a factor `f` of `actual` (both counted from 1). */
function sameOrder(estimate: number, actual: number, f: number): boolean {
  const e = Math.max(1, estimate);
  const a = Math.max(1, actual);
  return e <= a * f && a <= e * f;
}

const simulation = (horizon: string, extra = "") => `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: extreme}
spec:
  seed: 1
  start: "2026-01-01T00:00:00Z"
  horizon: ${horizon}
${extra}`;

const cronJob = (name: string, schedule: string) => `---
apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "${schedule}"
  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;

const job = (name: string, spec = "") => `---
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}  template: {metadata: {labels: {app: ${name}}}, spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;

describe("estimateRun on the shipped scenarios", () => {
  // The golden reports hold what each scenario really does: the estimate is within a factor 4
  // of every count (it is meant for orders of magnitude, and leans high).
  it.each(shippedScenarios())("%s: Jobs, pods, instants and events within a factor 4", (name) => {
    const e = estimateRun(scenarioFromFile(path.join("scenarios", `${name}.yaml`)));
    const actual = {
      jobs: goldenMetric(name, "jobs.created"),
      pods: goldenMetric(name, "pods.created"),
      scheduleInstants: goldenMetric(name, "cronjobs.scheduled"),
      events: goldenMetric(name, "engine.events"),
    };
    for (const key of Object.keys(actual) as (keyof typeof actual)[]) {
      expect(sameOrder(e[key], actual[key], 4.5), `${key}: estimated ${e[key]}, actual ${actual[key]}`).toBe(
        true,
      );
    }
    // None of them is large: no warning, no refusal.
    expect(largeRunWarning(e, false)).toBeNull();
    expect(fullReportRefusal(e)).toBeNull();
  });

  it("counts the per-minute CronJob year of the benchmark: 525,600 instants, Jobs and pods", () => {
    const e = estimateRun(scenarioFromFile("test/bench/scenarios/minutely-year.yaml"));
    expect(e.scheduleInstants).toBe(525_600);
    expect(e.jobs).toBe(525_600);
    expect(e.pods).toBe(525_600);
    // Measured: 20 engine events per instant (10.5 million); a full report 3.5 GB.
    expect(sameOrder(e.events, 10_500_000, 2)).toBe(true);
    expect(sameOrder(e.reportBytes, 3.5e9, 2)).toBe(true);
    expect(fullReportRefusal(e)).toMatch(/--summary-only/);
  });
});

describe("estimateRun on extreme scenarios", () => {
  // Each of these ran for minutes or ate gigabytes, silently. The estimate must see each one.
  const cases: [string, string, Partial<Record<"jobs" | "pods" | "scheduleInstants" | "events", number>>][] =
    [
      [
        "completions 1e9, parallelism 1e5",
        simulation("1d") + job("huge", "  completions: 1000000000\n  parallelism: 100000\n"),
        { pods: 1e9, events: 9e9 },
      ],
      [
        "a per-minute CronJob for 100 years",
        simulation("36500d") + cronJob("minutely", "* * * * *"),
        { scheduleInstants: 52_560_000, jobs: 52_560_000 },
      ],
      [
        "a per-minute CronJob for a year",
        simulation("365d") + cronJob("minutely", "* * * * *"),
        { scheduleInstants: 525_600 },
      ],
      [
        // As many instants as 10,000 hourly CronJobs for a day (2 GB), a quarter of the YAML to load.
        "2,500 hourly CronJobs for 4 days",
        simulation("4d") +
          Array.from({ length: 2_500 }, (_, i) => cronJob(`hourly-${i}`, "0 * * * *")).join(""),
        { scheduleInstants: 240_000, jobs: 240_000 },
      ],
      [
        // 1e9/s is refused at load now (a mean gap under 1 ms): the fastest valid rate, for a year.
        "disruption bursts at 1000/s (one a millisecond) for a year",
        simulation("365d", "  cluster:\n    disruptions: [{rate: 1000/s, fraction: 0.5}]\n") + job("etl"),
        { events: 3.1536e10 },
      ],
      [
        "arrivals every 1 ms for a day",
        simulation("1d", "  arrivals: [{template: etl, every: 1ms}]\n") + job("etl"),
        { jobs: 86_400_000, pods: 86_400_000 },
      ],
      [
        "a work queue of 1e12 items",
        simulation(
          "1d",
          "  workloads:\n    - match: {job: drain}\n      workQueue: {items: 1000000000000, itemDuration: 1s}\n",
        ) + job("drain", "  parallelism: 10\n"),
        { events: 1e12 },
      ],
      [
        "@every 1ns for a year (robfig runs it every second)",
        simulation("365d") + cronJob("busy", "@every 1ns"),
        { scheduleInstants: 31_536_000, jobs: 31_536_000 },
      ],
    ];

  it.each(cases)("%s", (_name, text, expected) => {
    const e = estimateRun(scenarioFromText(text));
    for (const [key, value] of Object.entries(expected) as [keyof typeof expected, number][]) {
      expect(sameOrder(e[key], value, 2), `${key}: estimated ${e[key]}, expected about ${value}`).toBe(true);
    }
    expect(e.events >= LARGE_RUN_EVENTS || e.reportBytes >= FULL_REPORT_BUDGET_BYTES).toBe(true);
    const warning = largeRunWarning(e, false);
    expect(warning).toMatch(/^large run: about /);
    expect(warning).toMatch(/--summary-only/);
    expect(warning).toMatch(/--max-events/);
    // Under --summary-only the hint no longer suggests it.
    expect(largeRunWarning(e, true) ?? "").not.toMatch(/--summary-only/);
  });

  it("refuses a full report beyond the budget and names the way out", () => {
    const e = estimateRun(scenarioFromText(simulation("365d") + cronJob("minutely", "* * * * *")));
    expect(e.reportBytes).toBeGreaterThan(FULL_REPORT_BUDGET_BYTES);
    expect(fullReportRefusal(e)).toMatch(
      /^a full report would need about 3\.0 GB of memory .*--summary-only/,
    );
    const month = estimateRun(scenarioFromText(simulation("30d") + cronJob("minutely", "* * * * *")));
    expect(fullReportRefusal(month)).toBeNull();
  });
});
