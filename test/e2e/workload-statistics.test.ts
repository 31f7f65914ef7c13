/**
 * The workload model's randomness, end to end through the simulator (issue 5's quality bar):
 * fixed seeds, and every bound a two-sided test at alpha = 0.001 (Z_P001 = 3.291, the tabulated
 * chi-squared and KS critical values of test/helpers/stats.ts). A fixed seed makes each test
 * deterministic; the bounds say it would fail with probability at most 0.001 if the seed or the
 * sampler changed while the model stayed right. Each test also shows its power: the same data
 * checked against a model with a 2x wrong parameter must fall outside the bound.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "../../src/k8s/types.js";
import type { Report, ReportPod } from "../../src/report/types.js";
import { oneJob, run, scenarioFromText } from "../helpers/scenario.js";
import {
  chiSquared,
  chiSquaredCritical,
  ksCritical,
  ksStatistic,
  meanAndSd,
  Z_P001,
} from "../helpers/stats.js";

const ALPHA = 0.001;

/** {@link oneJob} over `horizon` instead of its 1 h. */
const longJob = (horizon: string, sim: string, job: string) =>
  scenarioFromText(oneJob(sim, job).replace("  horizon: 1h\n", `  horizon: ${horizon}\n`));

const failed = (r: Report) => r.pods.filter((p) => p.phase === "Failed");
const ms = (startIso: string | null, endIso: string | null) => Date.parse(endIso!) - Date.parse(startIso!);
/** The exponential CDF with mean `mean` (ms), written out: the tests must not trust src/rand. */
const expCdf = (mean: number) => (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-x / mean));

/**
 * Negative binomial: failures before the r-th success of Bernoulli(1 - p) trials have mean
 * r p / (1 - p) and variance r p / (1 - p)^2.
 */
const negBin = (r: number, p: number) => ({ mean: (r * p) / (1 - p), sd: Math.sqrt(r * p) / (1 - p) });

describe("failures, exit codes and pod startup (2,000 completions, failure.probability 0.25)", () => {
  const COMPLETIONS = 2000;
  const P_FAIL = 0.25;
  const WEIGHTS: [number, number][] = [
    [1, 0.5],
    [2, 0.3],
    [137, 0.2],
  ];
  const FAIL_AFTER_MEAN = 20_000;
  const STARTUP_MEAN = 5_000;
  let r: Report;

  beforeAll(() => {
    r = run(
      longJob(
        "12h",
        `  seed: 11
  cluster: {podStartup: {exponential: {mean: 5s}}}
  workloads:
    - match: {job: j}
      duration: 1m
      failure:
        probability: ${P_FAIL}
        after: {exponential: {mean: 20s}}
        exitCodes: {"1": 0.5, "2": 0.3, "137": 0.2}`,
        `  completions: ${COMPLETIONS}
  parallelism: 50
  backoffLimit: 1000000
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
      ),
    );
  });

  it("the Job completes and every pod finished (so every attempt's outcome is observed)", () => {
    expect(r.jobs[0]!.status.conditions.at(-1)).toMatchObject({ type: "Complete", status: "True" });
    expect(r.pods.every((p) => p.phase === "Succeeded" || p.phase === "Failed")).toBe(true);
    expect(r.pods.filter((p) => p.phase === "Succeeded")).toHaveLength(COMPLETIONS);
  });

  it("the failure count matches failure.probability (negative binomial, alpha 0.001)", () => {
    // The controller starts attempts until 2,000 have succeeded and never more than it needs,
    // so the last attempt started is the 2,000th success: the failures F are the failures
    // before the r-th success, NegBin(r = 2000, p = 0.25): mean 666.7, sd 29.8, bound
    // 3.291 * 29.8 = 98.1, i.e. F in [568.6, 764.8] (seed 11: F = 646 of 2,646 pods).
    const f = failed(r).length;
    const right = negBin(COMPLETIONS, P_FAIL);
    expect(Math.abs(f - right.mean)).toBeLessThanOrEqual(Z_P001 * right.sd);
    // Power: at 2x the probability (0.5) F would be about 2,000 (sd 63, bound 208); at half
    // (0.125) about 286 (sd 20, bound 67). The observed F lies outside both bands.
    for (const wrong of [2 * P_FAIL, P_FAIL / 2]) {
      const w = negBin(COMPLETIONS, wrong);
      expect(Math.abs(f - w.mean)).toBeGreaterThan(Z_P001 * w.sd);
    }
  });

  it("failed pods' exit codes follow the exitCodes weights (chi-squared, 2 df, alpha 0.001)", () => {
    const pods = failed(r);
    const observed = WEIGHTS.map(([code]) => pods.filter((p) => p.exitCode === code).length);
    expect(observed.reduce((a, b) => a + b, 0)).toBe(pods.length);
    const expected = WEIGHTS.map(([, w]) => w * pods.length);
    // Critical value 13.816 (chi-squared, 2 df, upper 0.1%).
    expect(chiSquared(observed, expected)).toBeLessThan(chiSquaredCritical(2));
    // Power: with 137's weight doubled (0.4, the rest scaled to 0.6) the expected counts of
    // about 667 failures move by ~130 pods: chi-squared ~ 130^2/200 + 130^2/267 ~ 150 >> 13.8.
    const wrong = [0.5 * 0.75, 0.3 * 0.75, 0.4].map((w) => w * pods.length);
    expect(chiSquared(observed, wrong)).toBeGreaterThan(chiSquaredCritical(2));
  });

  it("exit code 137 shows as reason OOMKilled, the others as Error", () => {
    const pods = failed(r);
    expect(new Set(pods.filter((p) => p.exitCode === 137).map((p) => p.reason))).toEqual(
      new Set(["OOMKilled"]),
    );
    expect(new Set(pods.filter((p) => p.exitCode !== 137).map((p) => p.reason))).toEqual(new Set(["Error"]));
  });

  it("failed pods' run times follow failure.after (KS against Exp(mean 20 s), alpha 0.001)", () => {
    // runSeconds of a failed pod is exactly its failure.after draw (ms), so the lattice KS
    // applies. n ~ 667: critical D = 1.949 / sqrt(667) ~ 0.075.
    const runs = failed(r).map((p) => ms(p.startedAt, p.finishedAt));
    const crit = ksCritical(runs.length, ALPHA);
    expect(ksStatistic(runs, expCdf(FAIL_AFTER_MEAN), { lattice: true })).toBeLessThan(crit);
    // Power: against a 2x mean (40 s) D ~ max(e^-u - e^-2u) = 0.25 >> 0.075.
    expect(ksStatistic(runs, expCdf(2 * FAIL_AFTER_MEAN), { lattice: true })).toBeGreaterThan(crit);
    // Successful attempts run the constant duration.
    const ok = r.pods.filter((p) => p.phase === "Succeeded").map((p) => ms(p.startedAt, p.finishedAt));
    expect(new Set(ok)).toEqual(new Set([60_000]));
  });

  it("podStartup shows in the pods' wait times (mean within 3.291 sd/sqrt(n), KS, alpha 0.001)", () => {
    // On an unlimited cluster a pod binds when created, so its wait is its podStartup draw:
    // Exp(mean 5 s), sd 5 s. n ~ 2,667: the mean is 5 s +- 3.291 * 5 / sqrt(2667) = +-0.32 s.
    const waits = r.pods.map((p: ReportPod) => ms(p.createdAt, p.startedAt));
    const n = waits.length;
    const { mean } = meanAndSd(waits);
    const halfWidth = (Z_P001 * STARTUP_MEAN) / Math.sqrt(n);
    expect(Math.abs(mean - STARTUP_MEAN)).toBeLessThan(halfWidth);
    // Power: a 2x mean (10 s) is 5 s away, some 15 half-widths.
    expect(Math.abs(mean - 2 * STARTUP_MEAN)).toBeGreaterThan((Z_P001 * 2 * STARTUP_MEAN) / Math.sqrt(n));
    expect(ksStatistic(waits, expCdf(STARTUP_MEAN), { lattice: true })).toBeLessThan(ksCritical(n, ALPHA));
  });
});

describe("evictions (disruption.perHour 0.5 over 1 h pods)", () => {
  const PER_HOUR = 0.5;
  const HOUR = 3_600_000;

  it("the count of evicted pods matches the rate times the pod-hours run (Poisson, alpha 0.001)", () => {
    const r = run(
      longJob(
        "8h",
        `  seed: 7
  workloads: [{match: {job: j}, duration: 1h, disruption: {perHour: ${PER_HOUR}}}]`,
        `  completions: 2000
  parallelism: 2000
  backoffLimit: 1000000
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
      ),
    );
    const end = r.scenario.end;
    const evicted = r.pods.filter((p) => p.conditions.includes("DisruptionTarget"));
    expect(evicted.every((p) => p.phase === "Failed" && p.reason === "Error" && p.exitCode === 143)).toBe(
      true,
    );
    // Each attempt's eviction clock is Exp(rate) from its start (memoryless), so the evictions
    // E over the exposure T (pod-hours run, to the end or the horizon) satisfy E - rate*T as a
    // martingale with variance rate*T: |E - rate*T| <= 3.291 sqrt(rate*T). Here T ~ 2,600
    // pod-hours (2,000 pods, then their replacements, held back by the pod-failure backoff), so
    // rate*T ~ 1,300 and the bound ~ +-119 (seed 7: E = 1,329 against 1,299.9).
    const exposure =
      r.pods
        .filter((p) => p.startedAt !== null)
        .reduce((sum, p) => sum + ms(p.startedAt, p.finishedAt ?? end), 0) / HOUR;
    const expected = PER_HOUR * exposure;
    const e = evicted.length;
    expect(expected).toBeGreaterThan(500);
    expect(Math.abs(e - expected)).toBeLessThanOrEqual(Z_P001 * Math.sqrt(expected));
    // Power: at twice the rate the same exposure predicts ~2x the evictions, ~expected away,
    // far beyond 3.291 sqrt(2 * expected) ~ 168.
    expect(Math.abs(e - 2 * expected)).toBeGreaterThan(Z_P001 * Math.sqrt(2 * expected));
  });

  it("cluster.disruptions bursts at a rate fire as a Poisson process (count over 200 h, alpha 0.001)", () => {
    const r = run(
      longJob(
        "200h",
        `  seed: 3
  cluster: {disruptions: [{rate: 12/h, fraction: 0.5}]}
  workloads: [{match: {}, duration: 1m}]`,
        `  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
      ),
    );
    // Poisson(12/h * 200 h = 2,400): sd 49, bound +-161; at 2x (4,800) the bound is +-228.
    const bursts = (r.summary.cluster as { disruptionBursts: number }).disruptionBursts;
    expect(Math.abs(bursts - 2400)).toBeLessThanOrEqual(Z_P001 * Math.sqrt(2400));
    expect(Math.abs(bursts - 4800)).toBeGreaterThan(Z_P001 * Math.sqrt(4800));
  });
});

describe("per-container outcomes of random failures (failure.container)", () => {
  /** Two containers; a FailJob rule on exit code 42 of container `ruleOn`. */
  const scenario = (ruleOn: string) =>
    scenarioFromText(
      oneJob(
        `  workloads:
    - match: {job: j}
      failure: {probability: 1, container: sidecar, exitCodes: {"42": 1}}`,
        `  backoffLimit: 2
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {containerName: ${ruleOn}, operator: In, values: [42]}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}, {name: sidecar, image: busybox}]`,
      ),
    );

  it("the failure's exit code lands on the named container, the others exit 0", () => {
    const finals = new Map<string, Pod>();
    const r = run(scenario("sidecar"), () => ({
      onPod: (_t, _o, pod) => {
        if (pod.status.phase === "Failed") finals.set(pod.metadata.name, pod);
      },
    }));
    expect(r.pods).toHaveLength(1);
    const codes = finals
      .get(r.pods[0]!.name)!
      .status.containerStatuses.map((c) => [
        c.name,
        c.state.terminated?.exitCode,
        c.state.terminated?.reason,
      ]);
    expect(codes).toEqual([
      ["main", 0, "Completed"],
      ["sidecar", 42, "Error"],
    ]);
    expect(r.pods[0]).toMatchObject({ phase: "Failed", exitCode: 42 });
    // The containerName rule matched: FailJob at the first failure.
    expect(r.jobs[0]!.status.conditions.at(-1)).toMatchObject({ type: "Failed", reason: "PodFailurePolicy" });
  });

  it("a rule naming the other container does not match: the Job burns its retries", () => {
    const r = run(scenario("main"));
    expect(r.pods).toHaveLength(3);
    expect(r.jobs[0]!.status.conditions.at(-1)).toMatchObject({
      type: "Failed",
      reason: "BackoffLimitExceeded",
    });
  });
});
