/** The generator families the fuzz suite runs, with each one's bounded run count for `npm test`. */
import fc from "fast-check";
import type { FuzzCase, RunFlags } from "./cli-contract.js";
import { grammarScenario, mutatedGrammarScenario } from "./grammar.js";
import { rawBytes } from "./raw-bytes.js";
import { mutatedShippedScenario } from "./shipped-mutations.js";

export interface Family {
  name: string;
  generator: fc.Arbitrary<FuzzCase>;
  boundedRuns: number;
}

/** Mostly the plain command; sometimes --summary-only, a --seed, or a --seed that is not one. */
const runFlags: fc.Arbitrary<RunFlags> = fc.record({
  summaryOnly: fc.oneof(
    { arbitrary: fc.constant(false), weight: 3 },
    { arbitrary: fc.constant(true), weight: 1 },
  ),
  seed: fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    { arbitrary: fc.nat().map(String), weight: 2 },
    {
      arbitrary: fc.constantFrom("-1", "1.5", "1e3", "abc", "", "9007199254740993", " 7", "0x10"),
      weight: 1,
    },
  ),
});

/** A scenario generator with random run flags. */
function withRunFlags(generator: fc.Arbitrary<FuzzCase>): fc.Arbitrary<FuzzCase> {
  return fc.tuple(generator, runFlags).map(([input, flags]) => ({ ...input, runFlags: flags }));
}

export const FAMILIES: readonly Family[] = [
  { name: "mutated-shipped", generator: withRunFlags(mutatedShippedScenario), boundedRuns: 40 },
  { name: "grammar", generator: withRunFlags(grammarScenario), boundedRuns: 16 },
  { name: "mutated-grammar", generator: withRunFlags(mutatedGrammarScenario), boundedRuns: 16 },
  { name: "raw-bytes", generator: rawBytes, boundedRuns: 60 },
];
