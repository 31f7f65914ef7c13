/**
 * The dependency gate on long chains: every Job of a 10,000-Job chain is created once its
 * predecessor completes, and a failure at the root skips the whole chain in order, whichever
 * order the Jobs were declared in.
 */
import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";
import type { Job, JobManifest } from "../../../src/k8s/types.js";
import { DependencyGate } from "../../../src/run/dependencies.js";
import { DEPENDS_ON_ANNOTATION } from "../../../src/scenario/dependencies.js";

const N = 10_000;

function manifest(name: string, dep: string | null): JobManifest {
  const annotations: Record<string, string> = dep === null ? {} : { [DEPENDS_ON_ANNOTATION]: dep };
  return { metadata: { name, namespace: "default", annotations } } as unknown as JobManifest;
}

/** A Job as the store would hold it, finished with `condition`. */
function finished(name: string, condition: "Complete" | "Failed"): Job {
  return {
    metadata: { name, namespace: "default" },
    status: { conditions: [{ type: condition, status: "True" }] },
  } as unknown as Job;
}

/** j1..jN, each depending on the one before (j1 on the root j0), declared in `order`. */
function chainOf(order: "forward" | "reverse"): JobManifest[] {
  const jobs = Array.from({ length: N }, (_, k) => manifest(`j${k + 1}`, `j${k}`));
  return order === "forward" ? jobs : jobs.reverse();
}

/** Run the gate: every created Job completes 1 s later; the root j0 ends as `root` at 1 s. */
function runChain(order: "forward" | "reverse", root: "Complete" | "Failed") {
  const sim = new Simulator(0);
  const created: string[] = [];
  let lastCreatedAt = 0;
  const gate: DependencyGate = new DependencyGate(sim, chainOf(order), (m) => {
    created.push(m.metadata.name);
    lastCreatedAt = sim.now();
    sim.after(1000, 0, () => gate.onJob("MODIFIED", null, finished(m.metadata.name, "Complete")));
  });
  sim.at(1000, 0, () => gate.onJob("MODIFIED", null, finished("j0", root)));
  sim.runUntil(Number.MAX_SAFE_INTEGER);
  return { gate, created, lastCreatedAt };
}

describe("the dependency gate on a 10,000-Job chain", () => {
  it.each(["forward", "reverse"] as const)("creates each Job after the one before (%s)", (order) => {
    const { gate, created, lastCreatedAt } = runChain(order, "Complete");
    expect(created).toEqual(Array.from({ length: N }, (_, k) => `j${k + 1}`));
    // j0 completes at 1 s; jk is created when j(k-1) completes, at k s.
    expect(lastCreatedAt).toBe(N * 1000);
    expect(gate.waiting).toBe(0);
    expect(gate.released).toBe(N);
  });

  it.each(["forward", "reverse"] as const)(
    "skips the whole chain, in order, when the root fails (%s)",
    (order) => {
      const { gate, created } = runChain(order, "Failed");
      expect(created).toEqual([]);
      expect(gate.skipped.map((s) => s.name)).toEqual(Array.from({ length: N }, (_, k) => `j${k + 1}`));
      expect(gate.skipped[0]!.cause).toBe("dependency j0 failed");
      expect(gate.skipped[N - 1]!.cause).toBe(`dependency j${N - 1} was skipped`);
      expect(new Set(gate.skipped.map((s) => s.at))).toEqual(new Set([1000]));
      expect(gate.waiting).toBe(0);
    },
  );
});
