import { describe, expect, it } from "vitest";
import { errorsOf, load, SIM_HEAD, scenarioOf } from "./mem-fs.js";

describe("workQueue, cluster.nodes, priorityClasses and disruptions", () => {
  it("reads them into the spec", () => {
    const sim = scenarioOf(
      load(`${SIM_HEAD}spec:
  cluster:
    nodes: [{name: spot, count: 3, allocatable: {cpu: "8", memory: 32Gi}}, {count: 1, allocatable: {cpu: 500m, pods: 10}}]
    priorityClasses: {high: 1000}
    disruptions: [{at: 2h, fraction: 0.3}, {rate: 2/d, fraction: 0.1}]
  workloads:
    - match: {}
      workQueue: {items: 100, itemDuration: 1s, itemFailure: {probability: 0.01, exitCode: 3}}
`),
    ).simulation;
    expect(sim.cluster.nodes).toEqual([
      { name: "spot", count: 3, milliCpu: 8000, memory: 32 * 2 ** 30, pods: 110 },
      { name: "pool1", count: 1, milliCpu: 500, memory: null, pods: 10 },
    ]);
    expect(sim.cluster.priorityClasses).toEqual({ high: 1000 });
    expect(sim.cluster.disruptions).toEqual([
      { kind: "at", at: sim.start + 2 * 3600_000, fraction: 0.3 },
      { kind: "rate", meanInterval: 12 * 3600_000, fraction: 0.1 },
    ]);
    expect(sim.workloads[0]!.workQueue).toEqual({
      items: 100,
      itemDuration: { kind: "constant", value: 1000 },
      itemFailure: { probability: 0.01, exitCode: 3 },
    });
  });

  it("reports bad values at their field", () => {
    expect(
      errorsOf(
        load(`${SIM_HEAD}spec:
  cluster:
    capacity: {pods: 3}
    nodes: [{count: 0, allocatable: {cpu: lots}}]
    disruptions: [{fraction: 2}, {at: 1h, rate: 1/h, fraction: 0.1}, {rate: often, fraction: 0.1}]
  workloads:
    - match: {}
      duration: 1m
      workQueue: {items: 0, itemFailure: {probability: 0.5, exitCode: 0}}
`),
      ),
    ).toEqual([
      "scenarios/test.yaml:8:12 spec.cluster.nodes: expected either capacity or nodes, not both",
      "scenarios/test.yaml:8:21 spec.cluster.nodes[0].count: expected a node count from 1 to 100000, got 0",
      "scenarios/test.yaml:8:43 spec.cluster.nodes[0].allocatable.cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got \"lots\"",
      "scenarios/test.yaml:9:19 spec.cluster.disruptions[0]: expected exactly one of at (a time) or rate (such as 2/d)",
      "scenarios/test.yaml:9:30 spec.cluster.disruptions[0].fraction: expected a fraction of running pods between 0 and 1, got 2",
      "scenarios/test.yaml:9:34 spec.cluster.disruptions[1]: expected exactly one of at (a time) or rate (such as 2/d)",
      'scenarios/test.yaml:9:77 spec.cluster.disruptions[2].rate: expected a rate such as 2/d, 1/12h or 0.5/h, got "often"',
      "scenarios/test.yaml:12:17 spec.workloads[0].duration: a workQueue decides how the pods run: leave duration out",
      "scenarios/test.yaml:13:7 spec.workloads[0].workQueue.itemDuration: required field is missing: expected a distribution such as 1s or {exponential: {mean: 2s}}",
      "scenarios/test.yaml:13:26 spec.workloads[0].workQueue.items: expected a number of items >= 1, got 0",
      "scenarios/test.yaml:13:71 spec.workloads[0].workQueue.itemFailure.exitCode: expected a failing exit code: an integer from -2147483648 to 2147483647 other than 0, got 0",
    ]);
  });
});
