/**
 * `npm run fuzz`: the CLI contract properties with many runs from a random seed (printed first;
 * FUZZ_SEED and FUZZ_RUNS replay it, FUZZ_FAMILY picks one family). Unlike the bounded suite it
 * does not stop at the first violation: it collects every distinct kind of violation, every case
 * slower than SLOW_MILLIS and every case that hangs (stopped after HANG_MILLIS), then replays the
 * first case of each violation kind through fast-check so it shrinks to a minimal
 * counterexample. Cases run in a worker thread (case-runner.ts). Exit 1 when anything was found.
 */
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { type CaseResult, CaseRunner } from "./case-runner.js";
import type { ContractOutcome, FuzzCase } from "./cli-contract.js";
import { FAMILIES } from "./families.js";
import { fuzzSettings } from "./settings.js";

const SLOW_MILLIS = 5000;
const HANG_MILLIS = 30_000;
const DEFAULT_RUNS = 500;

/** A violation with paths, numbers and quoted text blurred, so one bug is one kind. */
function kindOf(violation: string): string {
  return violation
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\/\S*scenario\.yaml/g, "FILE")
    .replace(/\d+/g, "N")
    .slice(0, 120);
}

/** The kinds of finding in one result (none when the contract held in time). */
function kindsOf(result: CaseResult): string[] {
  if (result.kind === "hang") return [`hang: no answer within ${HANG_MILLIS} ms`];
  if (result.kind === "crash") return [`worker crashed: ${kindOf(result.message)}`];
  const kinds = result.outcome.violations.map(kindOf);
  if (result.outcome.millis > SLOW_MILLIS) kinds.push(`slow: over ${SLOW_MILLIS} ms`);
  return kinds;
}

/** Exit codes, and for a run refused after validate accepted the file, what stopped it. */
function outcomeKey(o: ContractOutcome): string {
  const key = `validate ${o.validateCode} / run ${o.runCode}`;
  if (o.validateCode !== 0 || o.runCode !== 2) return key;
  return `${key} (${o.runFirstErrorLine
    .replace(/^error: /, "")
    .replace(/\d[\d,.]*/g, "N")
    .slice(0, 40)})`;
}

interface Finding {
  kinds: string[];
  index: number;
  input: FuzzCase;
  result: CaseResult;
}

function describeInput(input: FuzzCase): string {
  const text =
    typeof input.text === "string" ? input.text : `bytes ${Buffer.from(input.text).toString("hex")}`;
  return `${JSON.stringify({ ...input, text: undefined })}\n${text.slice(0, 3000)}`;
}

async function fuzzFamily(
  runner: CaseRunner,
  name: string,
  generator: fc.Arbitrary<FuzzCase>,
  seed: number,
  numRuns: number,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const tally = new Map<string, number>();
  let index = 0;
  await fc.assert(
    fc.asyncProperty(generator, async (input) => {
      const i = index++;
      const result = await runner.run(input);
      const key = result.kind === "done" ? outcomeKey(result.outcome) : result.kind;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      const kinds = kindsOf(result);
      // One finding per case that shows a kind not seen before, labelled with all its kinds.
      if (kinds.some((k) => !seen.has(k))) {
        for (const k of kinds) seen.add(k);
        findings.push({ kinds, index: i, input, result });
      }
    }),
    { seed, numRuns },
  );
  const counts = [...tally].map(([k, n]) => `${k}: ${n}`).join(", ");
  console.log(`${name}: ${numRuns} cases (${counts}); ${seen.size} kind(s) of finding`);
  return findings;
}

/** Replay case `index` and let fast-check shrink it while it still shows the first violation kind. */
async function shrink(runner: CaseRunner, generator: fc.Arbitrary<FuzzCase>, seed: number, finding: Finding) {
  const target =
    finding.result.kind === "done" ? finding.kinds.find((k) => !k.startsWith("slow")) : undefined;
  if (target === undefined) return `(not shrunk) input:\n${describeInput(finding.input)}`;
  const result = await fc.check(
    fc.asyncProperty(generator, async (input) => {
      const r = await runner.run(input);
      if (r.kind === "done" && r.outcome.violations.some((v) => kindOf(v) === target)) {
        throw new Error(r.outcome.transcript);
      }
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
  const runner = new CaseRunner(workDir, HANG_MILLIS);
  let found = 0;
  try {
    for (const family of FAMILIES) {
      if (only !== undefined && only !== family.name) continue;
      const findings = await fuzzFamily(runner, family.name, family.generator, settings.seed, runs);
      for (const f of findings) {
        found++;
        console.log(
          `\n[${family.name}] ${f.kinds.join("; ")}\n  first at case ${f.index} (path "${f.index}")`,
        );
        console.log(await shrink(runner, family.generator, settings.seed, f));
      }
    }
  } finally {
    await runner.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`\nfuzz: ${found} finding(s); seed ${settings.seed}`);
  return found === 0 ? 0 : 1;
}

process.exitCode = await fuzz();
