/**
 * `npm run fuzz`: the CLI contract properties with many runs from a random seed (printed first;
 * FUZZ_SEED and FUZZ_RUNS replay it, FUZZ_FAMILY picks one family). Unlike the bounded suite it
 * does not stop at the first violation: it collects every distinct kind of violation and every
 * case slower than SLOW_MILLIS, then replays the first case of each kind through fast-check so
 * it shrinks to a minimal counterexample. Exit 1 when anything was found.
 */
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { type ContractOutcome, checkCliContract, type FuzzCase } from "./cli-contract.js";
import { FAMILIES } from "./families.js";
import { fuzzSettings } from "./settings.js";

const SLOW_MILLIS = 5000;
const DEFAULT_RUNS = 500;

/** A violation with paths, numbers and quoted text blurred, so one bug is one kind. */
function kindOf(violation: string): string {
  return violation
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\/\S*scenario\.yaml/g, "FILE")
    .replace(/\d+/g, "N")
    .slice(0, 120);
}

interface Finding {
  kinds: string[];
  index: number;
  outcome: ContractOutcome;
}

async function fuzzFamily(
  workDir: string,
  name: string,
  generator: fc.Arbitrary<FuzzCase>,
  seed: number,
  numRuns: number,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const codes = new Map<string, number>();
  let index = 0;
  await fc.assert(
    fc.asyncProperty(generator, async (input) => {
      const i = index++;
      const outcome = await checkCliContract(workDir, input);
      const key = `validate ${outcome.validateCode} / run ${outcome.runCode}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
      const kinds = outcome.violations.map(kindOf);
      if (outcome.millis > SLOW_MILLIS) kinds.push(`slow: over ${SLOW_MILLIS} ms`);
      // One finding per case that shows a kind not seen before, labelled with all its kinds.
      if (kinds.some((k) => !seen.has(k))) {
        for (const k of kinds) seen.add(k);
        findings.push({ kinds, index: i, outcome });
      }
    }),
    { seed, numRuns },
  );
  const tally = [...codes].map(([k, n]) => `${k}: ${n}`).join(", ");
  console.log(`${name}: ${numRuns} cases (${tally}); ${seen.size} kind(s) of violation`);
  return findings;
}

/** Replay case `index` of the run and let fast-check shrink it while it still shows its first kind. */
async function shrink(
  workDir: string,
  generator: fc.Arbitrary<FuzzCase>,
  seed: number,
  finding: Finding,
): Promise<string> {
  const target = finding.kinds.find((k) => !k.startsWith("slow"));
  if (target === undefined) return `(slow; not shrunk)\n${finding.outcome.transcript}`;
  const result = await fc.check(
    fc.asyncProperty(generator, async (input) => {
      const outcome = await checkCliContract(workDir, input);
      if (outcome.violations.some((v) => kindOf(v) === target)) throw new Error(outcome.transcript);
    }),
    { seed, path: String(finding.index), numRuns: 1 },
  );
  if (!result.failed) return "(did not recur on replay)";
  const error =
    result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return `minimal input: ${fc.stringify(result.counterexample)}\n${error}`;
}

async function fuzz(): Promise<number> {
  const settings = fuzzSettings(process.env, randomInt(2 ** 31));
  const runs = settings.runs ?? DEFAULT_RUNS;
  const only = process.env.FUZZ_FAMILY;
  console.log(
    `fuzz: seed ${settings.seed}, ${runs} runs per family (replay: FUZZ_SEED=${settings.seed} FUZZ_RUNS=${runs})`,
  );
  const workDir = mkdtempSync(path.join(tmpdir(), "jobsim-fuzz-"));
  let found = 0;
  try {
    for (const family of FAMILIES) {
      if (only !== undefined && only !== family.name) continue;
      const findings = await fuzzFamily(workDir, family.name, family.generator, settings.seed, runs);
      for (const f of findings) {
        found++;
        console.log(
          `\n[${family.name}] ${f.kinds.join("; ")}\n  first at case ${f.index} (path "${f.index}"), ${Math.round(f.outcome.millis)} ms`,
        );
        console.log(await shrink(workDir, family.generator, settings.seed, f));
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`\nfuzz: ${found} finding(s); seed ${settings.seed}`);
  return found === 0 ? 0 : 1;
}

process.exitCode = await fuzz();
