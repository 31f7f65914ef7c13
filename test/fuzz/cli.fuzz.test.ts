/**
 * Fuzzing the command line (`npm test` runs a bounded, fixed-seed share; `npm run fuzz` runs
 * many more cases from a random seed): whatever the scenario file holds, `sim validate` and
 * `sim run` exit 0 or 2, never crash, locate every error, write nothing on error and write the
 * same bytes twice on success. See cli-contract.ts for the checks.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkCliContract, stderrViolations } from "./cli-contract.js";
import { FAMILIES } from "./families.js";
import { fuzzSettings } from "./settings.js";

const settings = fuzzSettings(process.env);
const workDir = mkdtempSync(path.join(tmpdir(), "jobsim-fuzz-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("the CLI contract under fuzzed scenarios", () => {
  for (const family of FAMILIES) {
    it(`holds for ${family.name} inputs`, async () => {
      await fc.assert(
        fc.asyncProperty(family.generator, async (input) => {
          const outcome = await checkCliContract(workDir, input);
          if (outcome.violations.length > 0) {
            throw new Error(`${outcome.violations.join("\n")}\n--- transcript ---\n${outcome.transcript}`);
          }
        }),
        { seed: settings.seed, numRuns: settings.runs ?? family.boundedRuns, endOnFailure: true },
      );
    });
  }

  it("flags a crash, a stack trace, an unlocated error, a wrong count and a location outside the file", () => {
    const file = "/tmp/x/scenario.yaml";
    const check = (stderr: string, code = 2) =>
      stderrViolations({ argv: ["run"], code, stdout: "", stderr }, file, "a\nbc\n", "");
    expect(check("internal error: boom\n", 1)).not.toEqual([]);
    expect(check(`error: ${file}:1:1 x: bad\n    at foo (bar.ts:1:1)\n`)).not.toEqual([]);
    expect(check("error: something went wrong\n")).not.toEqual([]);
    expect(check(`error: ${file}:2:3 spec: bad\n${file}: 2 errors\n`)).not.toEqual([]);
    expect(check(`error: ${file}:9:1 spec: bad\n${file}: 1 error\n`)).not.toEqual([]);
    expect(check(`error: ${file}:2:3 spec: bad\n${file}: 1 error\n`)).toEqual([]);
    expect(check(`error: ${file}:2:4 spec: bad\n${file}: 1 error\n`)).not.toEqual([]);
    expect(check('error: --seed: expected a non-negative integer, got "x"\n')).toEqual([]);
    expect(check("warning: odd\n", 0)).toEqual([]);
    expect(
      check(
        "error: stopped at --max-events 5: the run needs more events; it had reached X; nothing was written\n",
      ),
    ).toEqual([]);
    expect(check(`error: ${file}: a full report would need about 2 GB (...); nothing was written\n`)).toEqual(
      [],
    );
    expect(check(`error: ${file}: something else\n`)).not.toEqual([]);
    expect(check("oops\n", 0)).not.toEqual([]);
  });
});
