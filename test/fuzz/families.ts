/** The generator families the fuzz suite runs, with each one's bounded run count for `npm test`. */
import type fc from "fast-check";
import type { FuzzCase } from "./cli-contract.js";
import { grammarScenario } from "./grammar.js";
import { rawBytes } from "./raw-bytes.js";
import { mutatedShippedScenario } from "./shipped-mutations.js";

export interface Family {
  name: string;
  generator: fc.Arbitrary<FuzzCase>;
  boundedRuns: number;
}

export const FAMILIES: readonly Family[] = [
  { name: "mutated-shipped", generator: mutatedShippedScenario, boundedRuns: 24 },
  { name: "grammar", generator: grammarScenario, boundedRuns: 24 },
  { name: "raw-bytes", generator: rawBytes, boundedRuns: 60 },
];
