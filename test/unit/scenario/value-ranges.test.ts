/**
 * Values that look valid but lie outside what jobsim can simulate (instants outside four-digit
 * years, durations past 10,000 years, parameters whose samples are not finite) or that the API
 * server refuses (NaN quantities, numbers in `command`): each is a located error at load, never
 * a crash after the run.
 */
import { describe, expect, it } from "vitest";
import { MAX_DURATION, MAX_INSTANT, MIN_INSTANT } from "../../../src/engine/time-range.js";
import { errorsOf, jobDoc, load, SIM_HEAD, scenarioOf } from "./mem-fs.js";

const FILE = "scenarios/test.yaml";
/** A scenario whose Simulation spec is `spec` (lines from 6 on) and one Job named j. */
const withSpec = (spec: string) => `${SIM_HEAD}spec:\n${spec}---\n${jobDoc("j")}`;
const RANGE = "from 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z";
const LONGEST = "3652425d (10,000 years)";

describe("times and durations", () => {
  it("rejects durations longer than 10,000 years, at the field", () => {
    expect(errorsOf(load(withSpec("  horizon: 9999999999999999h\n")))).toEqual([
      `${FILE}:6:12 spec.horizon: expected a duration of at most ${LONGEST}, got "9999999999999999h"`,
    ]);
    const text = withSpec(`  horizon: 1h
  workloads:
    - match: {}
      duration: 99999999999999h
      failure: {probability: 0.5, after: {uniform: {min: 1s, max: 3652425d1ms}}}
`);
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:9:17 spec.workloads[0].duration: expected a duration of at most ${LONGEST}, got "99999999999999h"`,
      `${FILE}:10:67 spec.workloads[0].failure.after.uniform.max: expected a duration of at most ${LONGEST}, got "3652425d1ms"`,
    ]);
  });

  it("accepts the longest duration itself", () => {
    const text = withSpec("  horizon: 1h\n  workloads:\n    - {match: {}, duration: 3652425d}\n");
    expect(scenarioOf(load(text)).simulation.workloads[0]!.duration).toEqual({
      kind: "constant",
      value: MAX_DURATION,
    });
  });

  it("keeps the simulation inside four-digit years", () => {
    const first = scenarioOf(load(withSpec('  start: "0000-01-01T00:00:00Z"\n  horizon: 1h\n')));
    expect(first.simulation.start).toBe(MIN_INSTANT);
    const last = scenarioOf(
      load(withSpec('  start: "9999-12-31T00:00:00Z"\n  until: 9999-12-31T23:59:59.999Z\n')),
    );
    expect(last.simulation.end).toBe(MAX_INSTANT);
    expect(errorsOf(load(withSpec('  start: "0000-01-01T00:30:00+01:00"\n')))).toEqual([
      `${FILE}:6:10 spec.start: expected a time ${RANGE}, got "0000-01-01T00:30:00+01:00"`,
    ]);
    expect(errorsOf(load(withSpec('  start: "9999-12-31T00:00:00Z"\n  horizon: 1d\n')))).toEqual([
      `${FILE}:7:12 spec.horizon: expected a horizon that ends the simulation by 9999-12-31T23:59:59.999Z (at most 23h59m59.999s after spec.start), got "1d"`,
    ]);
    expect(errorsOf(load(withSpec('  start: "9999-12-31T12:00:00Z"\n')))).toEqual([
      `${FILE}:6:10 spec.start: with the default horizon (1d) the simulation would end after 9999-12-31T23:59:59.999Z: set horizon or until`,
    ]);
    expect(errorsOf(load(withSpec('  start: "9999-12-31T00:00:00Z"\n  until: 2d\n')))).toEqual([
      `${FILE}:7:10 spec.until: expected a time ${RANGE}, got "2d"`,
    ]);
  });

  it("bounds every time written as an offset: actions, outages, arrivals, bursts", () => {
    const text = withSpec(`  start: "9000-01-01T00:00:00Z"
  horizon: 1h
  controller:
    outages: [{start: 3652425d, duration: 1h}]
  cluster:
    disruptions: [{at: 3652425d, fraction: 0.5}]
  arrivals:
    - {template: j, every: 1m, start: 3652425d}
  actions:
    - {at: 3652425d, delete: {kind: Job, name: j}}
`);
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:9:23 spec.controller.outages[0].start: expected a time ${RANGE}, got "3652425d"`,
      `${FILE}:11:24 spec.cluster.disruptions[0].at: expected a time ${RANGE}, got "3652425d"`,
      `${FILE}:13:39 spec.arrivals[0].start: expected a time ${RANGE}, got "3652425d"`,
      `${FILE}:15:12 spec.actions[0].at: expected a time ${RANGE}, got "3652425d"`,
    ]);
  });

  it("bounds rates by their mean gap, from 1 ms to the longest duration", () => {
    const text = withSpec(`  horizon: 1h
  cluster:
    disruptions: [{rate: 0.0000000001/w, fraction: 0.5}, {rate: 1000000/ms, fraction: 0.5}]
  arrivals:
    - {template: j, rate: 0.0000000001/w}
    - {template: j, rate: 2/ms}
  workloads:
    - {match: {}, disruption: {perHour: 1e-300}}
    - {match: {}, disruption: {perHour: 3600001}}
`);
    const rates = `expected a rate from one per ${LONGEST} to one per ms`;
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:8:26 spec.cluster.disruptions[0].rate: ${rates}, got "0.0000000001/w"`,
      `${FILE}:8:65 spec.cluster.disruptions[1].rate: ${rates}, got "1000000/ms"`,
      `${FILE}:10:27 spec.arrivals[0].rate: ${rates}, got "0.0000000001/w"`,
      `${FILE}:11:27 spec.arrivals[1].rate: ${rates}, got "2/ms"`,
      `${FILE}:13:41 spec.workloads[0].disruption.perHour: ${rates}, got 1e-300`,
      `${FILE}:14:41 spec.workloads[1].disruption.perHour: ${rates}, got 3600001`,
    ]);
    const fastest = withSpec(`  horizon: 1h
  cluster:
    disruptions: [{rate: 1/ms, fraction: 0.5}]
  workloads:
    - {match: {}, disruption: {perHour: 0}}
    - {match: {}, disruption: {perHour: 3600000}}
`);
    const sim = scenarioOf(load(fastest)).simulation;
    expect(sim.cluster.disruptions).toEqual([{ kind: "rate", meanInterval: 1, fraction: 0.5 }]);
    expect(sim.workloads.map((w) => w.disruption)).toEqual([{ perHour: 0 }, { perHour: 3600000 }]);
  });

  it("bounds deadlines, grace periods and TTLs (int32, or 10,000 years for int64 seconds)", () => {
    const text = `${SIM_HEAD}spec: {horizon: 1h}
---
${jobDoc("j", "  activeDeadlineSeconds: 315569520001\n  ttlSecondsAfterFinished: 2147483648\n  parallelism: 2147483648\n")}`;
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:12:26 spec.activeDeadlineSeconds: Invalid value: 315569520001: must be less than or equal to 315569520000 (jobsim simulates at most ${LONGEST})`,
      `${FILE}:13:28 spec.ttlSecondsAfterFinished: Invalid value: 2147483648: must be less than or equal to 2147483647`,
      `${FILE}:14:16 spec.parallelism: Invalid value: 2147483648: must be less than or equal to 2147483647`,
    ]);
    const longest = `${SIM_HEAD}spec: {horizon: 1h}\n---\n${jobDoc("j", "  activeDeadlineSeconds: 315569520000\n")}`;
    expect(scenarioOf(load(longest)).jobs[0]!.spec.activeDeadlineSeconds).toBe(MAX_DURATION / 1000);
  });
});

describe("distribution parameters", () => {
  it("bounds lognormal sigma and Weibull shape by their p99, naming the largest sigma", () => {
    const text = withSpec(`  horizon: 1h
  workloads:
    - match: {}
      duration: {lognormal: {median: 1m, sigma: 1e308}}
    - match: {}
      duration: {weibull: {shape: 0.01, scale: 1m}}
`);
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:9:49 spec.workloads[0].duration.lognormal.sigma: expected a number greater than 0 and at most 9.621 for median "1m" (p99 = median × e^(2.326 × sigma) must stay within ${LONGEST}), got 1e+308`,
      `${FILE}:11:35 spec.workloads[1].duration.weibull.shape: expected a shape that keeps p99 (scale × ln(100)^(1/shape)) within ${LONGEST}, got 0.01`,
    ]);
    const ok = withSpec(
      "  workloads:\n    - {match: {}, duration: {lognormal: {median: 1m, sigma: 9.621}}}\n",
    );
    expect(scenarioOf(load(ok)).simulation.workloads[0]!.duration).toMatchObject({ sigma: 9.621 });
  });

  it("requires weights whose sum is finite", () => {
    const text = withSpec(`  horizon: 1h
  workloads:
    - match: {}
      duration: {mixture: [{weight: 1e308, dist: 1s}, {weight: 1e308, dist: 2s}]}
      failure: {probability: 0.5, exitCodes: {"1": 1e308, "2": 1e308}}
`);
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:9:27 spec.workloads[0].duration.mixture: expected weights whose sum is a finite number`,
      `${FILE}:10:46 spec.workloads[0].failure.exitCodes: expected weights whose sum is a finite number`,
    ]);
  });

  it("bounds samples read from a CSV file", () => {
    const text = withSpec("  workloads:\n    - {match: {}, duration: {empirical: {file: d.csv}}}\n");
    expect(errorsOf(load(text, { "scenarios/d.csv": "seconds\n1\n1e300\n" }))).toEqual([
      `${FILE}:7:48 spec.workloads[0].duration.empirical.file: d.csv: line 3, column 1: expected at most 315569520000 seconds (${LONGEST})`,
    ]);
  });
});

describe("manifest values the API server refuses", () => {
  const container = (extra: string) =>
    `${SIM_HEAD}spec: {horizon: 1h}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
${extra}`;

  it("rejects NaN, infinite and overflowing quantities", () => {
    const text = container(
      "          resources: {requests: {cpu: .nan, memory: .inf}, limits: {cpu: 1e400m}}\n",
    );
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:16:39 spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: NaN: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      `${FILE}:16:53 spec.template.spec.containers[0].resources.requests[memory]: Invalid value: Infinity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      `${FILE}:16:74 spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: "1e400m": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
    const nodes = withSpec("  cluster:\n    nodes: [{count: 1, allocatable: {cpu: .inf}}]\n");
    expect(errorsOf(load(nodes))).toEqual([
      `${FILE}:7:43 spec.cluster.nodes[0].allocatable.cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got Infinity`,
    ]);
  });

  it("keeps YAML numbers that are quantities", () => {
    const text = container("          resources: {requests: {cpu: 0.5, memory: 1e9}}\n");
    expect(scenarioOf(load(text)).jobs[0]!.spec.template.spec.containers[0]!.resources.requests).toEqual({
      cpu: 0.5,
      memory: 1e9,
    });
  });

  it("rejects numbers in command and args, and other mistyped container fields", () => {
    const text = container(
      "          command: [sleep, 10]\n          args: [true]\n          workingDir: 1\n          imagePullPolicy: always\n          env: [{name: A, valueFrom: x}]\n",
    );
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:16:28 spec.template.spec.containers[0].command[1]: Invalid value: 10: must be a string`,
      `${FILE}:17:18 spec.template.spec.containers[0].args[0]: Invalid value: true: must be a string`,
      `${FILE}:18:23 spec.template.spec.containers[0].workingDir: Invalid value: 1: must be a string`,
      `${FILE}:19:28 spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "Never", "IfNotPresent"`,
      `${FILE}:20:38 spec.template.spec.containers[0].env[0].valueFrom: Invalid value: "x": must be an object`,
    ]);
  });
});

describe("exit codes are int32", () => {
  it("accepts negative codes in scripts, failure models and work queues", () => {
    const text = withSpec(`  horizon: 1h
  workloads:
    - match: {job: a}
      script: [{exitCode: -2147483648, after: 1s}, {exitCode: 2147483647, after: 1s}]
    - match: {job: b}
      failure: {probability: 0.5, exitCodes: {"-1073741510": 1, "1": 1}}
    - match: {}
      workQueue: {items: 3, itemDuration: 1s, itemFailure: {probability: 0.5, exitCode: -1}}
`);
    const [a, b, q] = scenarioOf(load(text)).simulation.workloads;
    expect(a!.script!.map((e) => (e.kind === "exit" ? e.exitCode : null))).toEqual([-2147483648, 2147483647]);
    expect(b!.failure!.exitCodes).toEqual([
      { code: -1073741510, weight: 1 },
      { code: 1, weight: 1 },
    ]);
    expect(q!.workQueue!.itemFailure).toEqual({ probability: 0.5, exitCode: -1 });
  });

  it("rejects codes outside int32, and 0 where a failure is meant", () => {
    const text = withSpec(`  horizon: 1h
  workloads:
    - match: {job: a}
      script: [{exitCode: -2147483649, after: 1s}]
    - match: {job: b}
      failure: {probability: 0.5, exitCodes: {"2147483648": 1, "-0": 1}}
`);
    const failing = "expected a failing exit code: an integer from -2147483648 to 2147483647 other than 0";
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:9:27 spec.workloads[0].script[0].exitCode: expected an exit code from -2147483648 to 2147483647, got -2147483649`,
      `${FILE}:11:47 spec.workloads[1].failure.exitCodes[2147483648]: ${failing}, got "2147483648"`,
      `${FILE}:11:64 spec.workloads[1].failure.exitCodes["-0"]: ${failing}, got "-0"`,
    ]);
  });

  it("bounds podFailurePolicy values to int32", () => {
    const text = `${SIM_HEAD}spec: {horizon: 1h}
---
${jobDoc(
  "j",
  `  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {operator: NotIn, values: [-2147483649, -1073741510, 2147483648]}
`,
)}`;
    expect(errorsOf(load(text))).toEqual([
      `${FILE}:15:49 spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: -2147483649: must be greater than or equal to -2147483648`,
      `${FILE}:15:75 spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Invalid value: 2147483648: must be less than or equal to 2147483647`,
    ]);
  });
});
