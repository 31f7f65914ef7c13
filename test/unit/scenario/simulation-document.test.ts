import { describe, expect, it } from "vitest";
import { errorsOf, load, SIM_HEAD, scenarioOf } from "./mem-fs.js";

const start = Date.parse("2026-01-01T00:00:00Z");

describe("the Simulation document", () => {
  it("applies the defaults", () => {
    const sim = scenarioOf(load(SIM_HEAD)).simulation;
    expect(sim).toEqual({
      name: "t",
      seed: 1,
      start,
      end: start + 24 * 3600_000,
      controller: {
        timeZone: "UTC",
        outages: [],
        api: { qps: 20, burst: 30, latency: null, scheduler: { qps: 50, burst: 100 } },
        featureGates: {
          JobPodReplacementPolicy: true,
          JobSuccessPolicy: true,
          JobManagedBy: true,
          JobBackoffLimitPerIndex: true,
          JobPodFailurePolicy: true,
          ElasticIndexedJob: true,
          PodIndexLabel: true,
        },
      },
      cluster: {
        capacityPods: null,
        podStartup: { kind: "constant", value: 0 },
        podShutdown: { kind: "constant", value: 0 },
      },
      workloads: [],
      actions: [],
    });
  });

  it("reads start, horizon or until", () => {
    const a = scenarioOf(
      load(`${SIM_HEAD}spec:\n  start: "2026-03-01T00:00:00Z"\n  horizon: 7d\n`),
    ).simulation;
    expect(a.end - a.start).toBe(7 * 24 * 3600_000);
    const b = scenarioOf(load(`${SIM_HEAD}spec:\n  until: 2026-01-03T00:00:00Z\n`)).simulation;
    expect(b.end).toBe(Date.parse("2026-01-03T00:00:00Z"));
    const c = scenarioOf(load(`${SIM_HEAD}spec:\n  until: 12h\n`)).simulation;
    expect(c.end).toBe(start + 12 * 3600_000);
    expect(errorsOf(load(`${SIM_HEAD}spec:\n  horizon: 1d\n  until: 2h\n`))).toEqual([
      "scenarios/test.yaml:7:10 spec.until: expected either horizon or until, not both",
    ]);
    expect(errorsOf(load(`${SIM_HEAD}spec:\n  horizon: 5\n`))).toEqual([
      "scenarios/test.yaml:6:12 spec.horizon: expected a duration such as 90s or 1h30m, got 5",
    ]);
  });

  it("reports a bad probability at its exact line and column, as the contract shows", () => {
    const text = `${SIM_HEAD}spec:
  workloads:
    - match: {job: etl}
      duration: 10m
    - match: {}
      failure:
        probability: 1.5
`;
    expect(errorsOf(load(text))).toEqual([
      "scenarios/test.yaml:11:22 spec.workloads[1].failure.probability: expected a number between 0 and 1, got 1.5",
    ]);
  });

  it("rejects unknown fields, suggesting a near known one", () => {
    const text = `${SIM_HEAD}spec:
  sed: 3
  cluster:
    capacity: {pod: 5}
  workloads:
    - match: {jb: etl}
      duraton: 1m
      whatever: 1
`;
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:6:3 spec.sed: unknown field, did you mean "seed"?',
      "scenarios/test.yaml:8:5 spec.cluster.capacity.pods: required field is missing: expected an integer >= 1",
      'scenarios/test.yaml:8:16 spec.cluster.capacity.pod: unknown field, did you mean "pods"?',
      'scenarios/test.yaml:10:15 spec.workloads[0].match.jb: unknown field, did you mean "job"?',
      'scenarios/test.yaml:11:7 spec.workloads[0].duraton: unknown field, did you mean "duration"?',
      "scenarios/test.yaml:12:7 spec.workloads[0].whatever: unknown field, known fields: match, duration, failure, disruption, script, scriptByIndex, workQueue",
    ]);
  });

  it("requires metadata.name, a report folder name", () => {
    expect(errorsOf(load("apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\nmetadata: {}\n"))).toEqual([
      "scenarios/test.yaml:3:1 metadata.name: required field is missing: expected a name such as nightly-etl",
    ]);
    expect(
      errorsOf(load("apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\nmetadata: {name: Nightly ETL}\n")),
    ).toEqual([
      "scenarios/test.yaml:3:18 metadata.name: expected a lowercase name of letters, digits, '-' and '.' such as nightly-etl, got \"Nightly ETL\"",
    ]);
  });

  it("reads the controller: time zone, outages sorted, feature gates", () => {
    const text = `${SIM_HEAD}spec:
  controller:
    timeZone: Europe/Berlin
    outages:
      - {start: 2026-01-01T05:00:00Z, duration: 1h}
      - {start: 1h, duration: 30m}
    featureGates: {JobSuccessPolicy: false}
`;
    const c = scenarioOf(load(text)).simulation.controller;
    expect(c.timeZone).toBe("Europe/Berlin");
    expect(c.outages).toEqual([
      { start: start + 3600_000, duration: 1800_000 },
      { start: start + 5 * 3600_000, duration: 3600_000 },
    ]);
    expect(c.featureGates.JobSuccessPolicy).toBe(false);
    expect(c.featureGates.JobPodFailurePolicy).toBe(true);
  });

  it("rejects bad controller settings", () => {
    const text = `${SIM_HEAD}spec:
  controller:
    timeZone: Mars/Olympus
    outages:
      - {start: 1h, duration: 2h}
      - {start: 2h, duration: 0s}
      - {start: 2h30m, duration: 1h}
    featureGates: {JobSucessPolicy: true, PodIndexLabel: "yes"}
`;
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:7:15 spec.controller.timeZone: expected an IANA time zone such as UTC or Europe/Berlin, got "Mars/Olympus"',
      'scenarios/test.yaml:10:31 spec.controller.outages[1].duration: expected a duration greater than 0, got "0s"',
      "scenarios/test.yaml:11:17 spec.controller.outages[2].start: overlaps the outage from 2026-01-01T01:00:00.000Z to 2026-01-01T03:00:00.000Z",
      'scenarios/test.yaml:12:20 spec.controller.featureGates[JobSucessPolicy]: unknown feature gate, did you mean "JobSuccessPolicy"?',
      'scenarios/test.yaml:12:58 spec.controller.featureGates[PodIndexLabel]: expected true or false, got "yes"',
    ]);
  });

  it("reads workloads: match, failure with exit codes, disruption, scripts", () => {
    const text = `${SIM_HEAD}spec:
  workloads:
    - match: {labels: {app: etl}}
      failure: {probability: 0.1, exitCodes: {"1": 0.9, "137": 0.1}}
      disruption: {perHour: 0.5}
      script:
        - {exitCode: 1, after: 30s}
        - {oomKilled: true, after: 1m, container: main}
        - {disruption: true, after: 0s}
        - {hang: true}
      scriptByIndex:
        "3": [{exitCode: 42, after: 10s}]
    - match: {}
      failure: {probability: 1}
`;
    const [w, all] = scenarioOf(load(text)).simulation.workloads;
    expect(w!.match).toEqual({ job: null, cronJob: null, labels: { app: "etl" } });
    expect(w!.failure).toEqual({
      probability: 0.1,
      after: null,
      exitCodes: [
        { code: 1, weight: 0.9 },
        { code: 137, weight: 0.1 },
      ],
      container: null,
    });
    expect(w!.disruption).toEqual({ perHour: 0.5 });
    expect(w!.script).toEqual([
      { kind: "exit", exitCode: 1, after: 30_000, container: null },
      { kind: "oomKilled", after: 60_000, container: "main" },
      { kind: "disruption", after: 0, container: null },
      { kind: "hang", container: null },
    ]);
    expect([...w!.scriptByIndex]).toEqual([
      [3, [{ kind: "exit", exitCode: 42, after: 10_000, container: null }]],
    ]);
    expect(all!.failure).toEqual({
      probability: 1,
      after: null,
      exitCodes: [{ code: 1, weight: 1 }],
      container: null,
    });
    expect(all!.duration).toBeNull();
  });

  it("rejects bad workload entries", () => {
    const text = `${SIM_HEAD}spec:
  workloads:
    - match: {}
      failure: {probability: 0.1, exitCodes: {"0": 1, "137": -1}}
      disruption: {perHour: -1}
      script:
        - {exitCode: 1, oomKilled: true, after: 1s}
        - {exitCode: 2147483648, after: 1s}
        - {oomKilled: false, after: 1s}
      scriptByIndex: {x: [{hang: true}]}
`;
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:8:47 spec.workloads[0].failure.exitCodes[0]: expected a failing exit code: an integer from -2147483648 to 2147483647 other than 0, got "0"',
      "scenarios/test.yaml:8:62 spec.workloads[0].failure.exitCodes[137]: expected a weight greater than 0, got -1",
      "scenarios/test.yaml:9:29 spec.workloads[0].disruption.perHour: expected a rate per hour >= 0, got -1",
      "scenarios/test.yaml:11:11 spec.workloads[0].script[0]: expected exactly one of exitCode, oomKilled, disruption, hang, got exitCode and oomKilled",
      "scenarios/test.yaml:12:22 spec.workloads[0].script[1].exitCode: expected an exit code from -2147483648 to 2147483647, got 2147483648",
      "scenarios/test.yaml:13:23 spec.workloads[0].script[2].oomKilled: expected true (leave oomKilled out otherwise), got false",
      'scenarios/test.yaml:14:23 spec.workloads[0].scriptByIndex[x]: expected a completion index (an integer >= 0), got "x"',
    ]);
  });

  it("reads actions, sorted by time, with namespace defaulting", () => {
    const text = `${SIM_HEAD}spec:
  actions:
    - {at: 2h, delete: {kind: Job, name: etl}}
    - {at: 1h, patch: {kind: Job, name: etl, spec: {suspend: false}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: etl}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: c}]}}}
`;
    const actions = scenarioOf(load(text)).simulation.actions;
    expect(actions).toEqual([
      {
        at: start + 3600_000,
        kind: "patch",
        target: { kind: "Job", namespace: "default", name: "etl" },
        patch: { spec: { suspend: false } },
      },
      {
        at: start + 7200_000,
        kind: "delete",
        target: { kind: "Job", namespace: "default", name: "etl" },
        propagationPolicy: "Background",
      },
    ]);
  });

  it("reads pod and node actions: selector defaults, grace periods, propagation policies", () => {
    const text = `${SIM_HEAD}spec:
  actions:
    - {at: 1m, delete: {kind: Pod, job: etl}}
    - {at: 2m, evict: {job: etl, namespace: ops, index: 3, count: 2, gracePeriodSeconds: 0}}
    - {at: 3m, drain: {node: pool-0}}
    - {at: 4m, cordon: {node: pool-1}}
    - {at: 5m, uncordon: {node: pool-1}}
    - {at: 6m, delete: {kind: Job, name: etl, propagationPolicy: Orphan}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: etl}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: c}]}}}
`;
    const min = 60_000;
    expect(scenarioOf(load(text)).simulation.actions).toEqual([
      {
        at: start + min,
        kind: "deletePods",
        pods: { namespace: "default", job: "etl", index: null, count: 1 },
        gracePeriodSeconds: null,
      },
      {
        at: start + 2 * min,
        kind: "evictPods",
        pods: { namespace: "ops", job: "etl", index: 3, count: 2 },
        gracePeriodSeconds: 0,
      },
      { at: start + 3 * min, kind: "drain", node: "pool-0" },
      { at: start + 4 * min, kind: "cordon", node: "pool-1" },
      { at: start + 5 * min, kind: "uncordon", node: "pool-1" },
      {
        at: start + 6 * min,
        kind: "delete",
        target: { kind: "Job", namespace: "default", name: "etl" },
        propagationPolicy: "Orphan",
      },
    ]);
  });

  it("rejects bad pod and node actions with located errors", () => {
    const text = `${SIM_HEAD}spec:
  actions:
    - {at: 1m, delete: {kind: Pod, job: etl, gracePeriodSeconds: -1}}
    - {at: 1m, evict: {job: etl, gracePeriodSeconds: 315569520001}}
    - {at: 1m, evict: {kind: Job, job: etl, count: 0, index: -2}}
    - {at: 1m, delete: {kind: Pod, name: etl}}
    - {at: 1m, drain: {name: pool-0}}
    - {at: 1m, delete: {kind: Job, name: etl, propagationPolicy: Cascade}}
    - {at: 1m, delete: {kind: CronJob, name: etl, propagationPolicy: Orphan}}
`;
    expect(errorsOf(load(text))).toEqual([
      "scenarios/test.yaml:7:66 spec.actions[0].delete.gracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0",
      "scenarios/test.yaml:8:54 spec.actions[1].evict.gracePeriodSeconds: Invalid value: 315569520001: must be less than or equal to 315569520000 (jobsim simulates at most 3652425d (10,000 years))",
      'scenarios/test.yaml:9:30 spec.actions[2].evict.kind: expected Pod (only pods are evicted), got "Job"',
      "scenarios/test.yaml:9:52 spec.actions[2].evict.count: Invalid value: 0: must be greater than or equal to 1",
      "scenarios/test.yaml:9:62 spec.actions[2].evict.index: Invalid value: -2: must be greater than or equal to 0",
      "scenarios/test.yaml:10:16 spec.actions[3].delete.job: required field is missing: expected the name of the Job whose pods to select",
      "scenarios/test.yaml:10:36 spec.actions[3].delete.name: unknown field, known fields: kind, job, namespace, index, count, gracePeriodSeconds",
      "scenarios/test.yaml:11:16 spec.actions[4].drain.node: required field is missing: expected a node name",
      'scenarios/test.yaml:11:24 spec.actions[4].drain.name: unknown field, did you mean "node"?',
      "scenarios/test.yaml:12:42 spec.actions[5].delete.name: no Job default/etl at 2026-01-01T00:01:00.000Z: not in the scenario's manifests and not created by an earlier action",
      'scenarios/test.yaml:12:66 spec.actions[5].delete.propagationPolicy: Unsupported value: "Cascade": supported values: "Foreground", "Background", "Orphan"',
      "scenarios/test.yaml:13:46 spec.actions[6].delete.name: no CronJob default/etl at 2026-01-01T00:01:00.000Z: not in the scenario's manifests and not created by an earlier action",
      "scenarios/test.yaml:13:51 spec.actions[6].delete.propagationPolicy: unknown field, known fields: kind, name, namespace",
    ]);
  });

  it("rejects bad actions", () => {
    const text = `${SIM_HEAD}spec:
  start: 2026-01-01T00:00:00Z
  actions:
    - {at: 2025-12-31T00:00:00Z, delete: {kind: Job, name: etl}}
    - {at: 1h, delete: {kind: Pod, name: etl}, patch: {kind: Job, name: etl}}
    - {at: 1h, patch: {kind: Job, name: etl, spec: {completionMode: Indexed, suspnd: true, parallelism: -1}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: etl}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: c}]}}}
`;
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:8:12 spec.actions[0].at: expected a time at or after spec.start (2026-01-01T00:00:00.000Z), got "2025-12-31T00:00:00Z"',
      "scenarios/test.yaml:9:7 spec.actions[1]: expected exactly one of create, patch, delete, evict, drain, cordon, uncordon, got patch and delete",
      "scenarios/test.yaml:10:69 spec.actions[2].patch.spec.completionMode: field is immutable",
      'scenarios/test.yaml:10:78 spec.actions[2].patch.spec.suspnd: unknown field, did you mean "suspend"?',
      "scenarios/test.yaml:10:105 spec.actions[2].patch.spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("warns about an action after the horizon", () => {
    const text = `${SIM_HEAD}spec:
  horizon: 1h
  actions:
    - at: 2h
      create: {apiVersion: batch/v1, kind: Job, metadata: {name: late}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: c}]}}}}
`;
    expect(scenarioOf(load(text)).warnings).toEqual([
      "scenarios/test.yaml:8:11 spec.actions[0].at: after the end of the simulation (2026-01-01T01:00:00.000Z): this action never happens",
    ]);
  });
});
