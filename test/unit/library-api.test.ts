import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandGrid, loadScenario, runScenario } from "../../src/index.js";

describe("library API", () => {
  it("supports a user's own property over seeds, as the README shows", () => {
    const loaded = loadScenario("scenarios/backoff-timeline.yaml");
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join("\n"));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const { report } = runScenario({
          ...loaded.scenario,
          simulation: { ...loaded.scenario.simulation, seed },
        });
        // Scripted failures do not depend on the seed: always 4 pods, Failed after the 4th.
        expect((report.summary.jobs as { failed: number }).failed).toBe(1);
        expect((report.summary.pods as { created: number }).created).toBe(4);
      }),
      { seed: 1, numRuns: 10 },
    );
  });

  it("expands a scenario's grid into points a suite can run one by one", () => {
    const grid = expandGrid("scenarios/backoff-grid.yaml", { set: ["workloads[0].failure.probability=0,1"] });
    if (!grid.ok) throw new Error(grid.errors.map((e) => e.format()).join("\n"));
    expect(grid.points).toHaveLength(12);
    expect(grid.seeds).toBe(50);
    const failed = grid.points.map(
      (p) => (runScenario(p.scenario).report.summary.jobs as { failed: number }).failed,
    );
    // Points alternate probability 0 (never fails) and 1 (always fails).
    expect(failed).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });
});
