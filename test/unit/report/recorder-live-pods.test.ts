import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/engine/clock.js";
import { ApiStore } from "../../../src/k8s/store.js";
import { ReportRecorder, type RowSinks } from "../../../src/report/recorder.js";
import type { PodRecord } from "../../../src/report/records.js";
import { buildPod } from "../../helpers/job-builders.js";

/** A step of a run: create a pod, start one (by its place among the stored), or delete one. */
type Step = { op: "create" } | { op: "start"; pick: number } | { op: "delete"; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ op: "create" as const }) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: "start" as const, pick })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ op: "delete" as const, pick })) },
);

/**
 * Run `steps` against a store the recorder watches, and also against a plain model: a Map by
 * name in creation order, each pod's phase, and the rows a deletion finishes.
 */
function run(steps: readonly Step[]) {
  const clock = new FakeClock(0);
  const store = new ApiStore(clock);
  const rows: PodRecord[] = [];
  const sinks: RowSinks = { job() {}, pod: (row) => rows.push(row), event() {} };
  const recorder = new ReportRecorder(clock, sinks);
  store.subscribe(recorder);
  const model = new Map<string, string>();
  const expected: [string, string][] = [];
  let serial = 0;
  for (const s of steps) {
    clock.setTime(clock.now() + 1000);
    const names = [...model.keys()];
    if (s.op === "create") {
      const pod = buildPod().name(`p${serial++}`).build();
      pod.metadata.finalizers = [];
      store.createPod(pod);
      model.set(pod.metadata.name, "Pending");
    } else if (names.length > 0) {
      const name = names[s.pick % names.length]!;
      if (s.op === "start") {
        store.updatePod("default", name, (p) => {
          p.status.phase = "Running";
        });
        model.set(name, "Running");
      } else {
        // A pod with no node goes at once, whatever its phase.
        store.deletePod("default", name, 30);
        expected.push([name, model.get(name)!]);
        model.delete(name);
      }
    }
  }
  recorder.finish();
  for (const [name, phase] of model) expected.push([name, phase]);
  return { rows: rows.map((r) => [r.name, r.phase]), expected };
}

describe("ReportRecorder live pods (records kept on the store's pod slots)", () => {
  it("finishes deleted pods as they go and the rest in creation order, as a map by name would", () => {
    fc.assert(
      // Bursts of one kind of step: the live list grows, then thins out until it compacts.
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), step), { maxLength: 20 }), (bursts) => {
        const steps = bursts.flatMap(([n, s]) =>
          Array.from({ length: n }, (_, i): Step => (s.op === "create" ? s : { ...s, pick: s.pick + i })),
        );
        const { rows, expected } = run(steps);
        expect(rows).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the order through many compactions of the live list", () => {
    // Deletions until holes outnumber entries (a compaction), then pods written and deleted
    // through their moved entries, then more pods after them.
    const steps: Step[] = [];
    for (let i = 0; i < 300; i++) steps.push({ op: "create" });
    for (let i = 0; i < 200; i++) steps.push({ op: "delete", pick: 2 * i });
    for (let i = 0; i < 50; i++) steps.push({ op: "start", pick: 3 * i });
    for (let i = 0; i < 100; i++) steps.push({ op: "create" });
    for (let i = 0; i < 120; i++) steps.push({ op: "delete", pick: 7 * i });
    const { rows, expected } = run(steps);
    expect(rows).toHaveLength(400);
    expect(rows).toEqual(expected);
    expect(rows.filter(([, phase]) => phase === "Running").length).toBeGreaterThan(0);
  });
});
