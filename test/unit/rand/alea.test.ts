import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { AleaGenerator } from "../../../src/rand/alea.js";

describe("AleaGenerator", () => {
  it("draws exactly what seedrandom's alea draws for the same seed text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 200 }), (seedText, n) => {
        const ours = AleaGenerator.fromText(seedText);
        const reference = seedrandom.alea(seedText);
        for (let i = 0; i < n; i++) expect(ours.double()).toBe(reference.double());
        expect(ours.next32()).toBe(reference());
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("differs for different seeds", () => {
    expect(AleaGenerator.fromText("a").double()).not.toBe(AleaGenerator.fromText("b").double());
  });
});
