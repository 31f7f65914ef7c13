import { describe, expect, it } from "vitest";
import { produceGolden, readGolden, shippedScenarios } from "./golden.js";

/** Where two texts first differ, as line and both lines: a readable failure for a large file. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  golden: ${a[i] ?? "<none>"}\n  now:    ${b[i] ?? "<none>"}`;
  }
  return "identical";
}

describe("golden outputs of the shipped scenarios (npm run golden:update rewrites them)", () => {
  for (const scenario of shippedScenarios()) {
    it(scenario, async () => {
      const golden = readGolden(scenario);
      expect(golden.size, `no golden copy of ${scenario}: run npm run golden:update`).toBeGreaterThan(0);
      const now = await produceGolden(scenario);
      expect([...now.keys()].sort()).toEqual([...golden.keys()].sort());
      for (const [name, text] of now) {
        const expected = golden.get(name) ?? "";
        if (text !== expected)
          expect.fail(`${scenario}/${name} differs at ${firstDifference(expected, text)}`);
      }
    });
  }
});
