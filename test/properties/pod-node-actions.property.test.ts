/**
 * Properties of the pod and node actions over random sequences of cordon, uncordon, drain,
 * delete and evict: no pod is ever bound to a node while it is cordoned, and every evicted pod
 * ends Failed with the exit code of a graceful stop (143), of a kill at the end of its grace
 * (137), or none when it was evicted before its container started.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/engine/clock.js";
import type { StoreListener } from "../../src/k8s/store.js";
import { run, scenarioFromText } from "../helpers/scenario.js";

const SEED = 20261206;
const START = Date.parse("2026-01-01T00:00:00Z");
const NODES = ["pool-0", "pool-1", "pool-2"];

type Op =
  | { at: number; verb: "cordon" | "uncordon" | "drain"; node: string }
  | { at: number; verb: "delete" | "evict"; count: number; grace: number | null };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    at: fc.integer({ min: 0, max: 40 }),
    verb: fc.constantFrom("cordon" as const, "uncordon" as const, "drain" as const),
    node: fc.constantFrom(...NODES),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 40 }),
    verb: fc.constantFrom("delete" as const, "evict" as const),
    count: fc.integer({ min: 1, max: 3 }),
    grace: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
  }),
);

function scenarioText(ops: readonly Op[], shutdown: number): string {
  const actions = ops.map((o) => {
    const at = `${o.at}m`;
    if (!("node" in o)) {
      const grace = o.grace === null ? "" : `, gracePeriodSeconds: ${o.grace}`;
      const kind = o.verb === "delete" ? "kind: Pod, " : "";
      return `    - {at: ${at}, ${o.verb}: {${kind}job: j, count: ${o.count}${grace}}}`;
    }
    return `    - {at: ${at}, ${o.verb}: {node: ${o.node}}}`;
  });
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: 3h
  cluster:
    podShutdown: ${shutdown}s
    nodes: [{name: pool, count: 3, allocatable: {pods: 2}}]
  workloads: [{match: {}, duration: {uniform: {min: 2m, max: 6m}}}]
  actions:
${actions.length === 0 ? "    []" : actions.join("\n")}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  completions: 10
  parallelism: 4
  backoffLimit: 100
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
}

/** Whether `node` is cordoned at `t` (ms), after every action at or before `t`. */
function cordonedAt(ops: readonly Op[], node: string, t: number): boolean {
  let cordoned = false;
  // Actions run in time order, written order within an instant (a stable sort).
  const sorted = ops.map((o, i) => ({ o, i })).sort((a, b) => a.o.at - b.o.at || a.i - b.i);
  for (const { o } of sorted) {
    if (START + o.at * 60_000 > t) break;
    if (!("node" in o) || o.node !== node) continue;
    cordoned = o.verb !== "uncordon";
  }
  return cordoned;
}

describe("pod and node actions", () => {
  it("bind no pod to a cordoned node, and end every evicted pod Failed with 143 or 137", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 8 }), fc.constantFrom(0, 20, 120), (ops, shutdown) => {
        const binds: { node: string; at: number }[] = [];
        const observe = (clock: Clock): StoreListener => ({
          onPod: (_t, old, pod) => {
            if (old !== null && old.spec.nodeName === null && pod.spec.nodeName !== null)
              binds.push({ node: pod.spec.nodeName, at: clock.now() });
          },
        });
        const r = run(scenarioFromText(scenarioText(ops, shutdown)), observe);
        for (const b of binds) expect(cordonedAt(ops, b.node, b.at), `${b.node} at ${b.at}`).toBe(false);
        for (const p of r.pods) {
          if (!p.conditions.includes("DisruptionTarget")) continue;
          expect(p.phase).toBe("Failed");
          expect([137, 143, null]).toContain(p.exitCode);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
