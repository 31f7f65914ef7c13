import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/index.js";

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
});
