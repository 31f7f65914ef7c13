/**
 * Valid-ish scenarios: a shipped scenario from scenarios/, parsed, changed by a few mutations
 * (mutations.ts), written back as YAML and possibly damaged as text.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import type { FuzzCase } from "./cli-contract.js";
import { mutatedText, mutations, textDamage } from "./mutations.js";

const SCENARIO_DIR = path.join(import.meta.dirname, "..", "..", "scenarios");

/** Each shipped scenario's documents as plain values, in file name order. */
export const SHIPPED: readonly { name: string; docs: unknown[] }[] = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((name) => ({
    name,
    docs: parseAllDocuments(readFileSync(path.join(SCENARIO_DIR, name), "utf8")).map((d) => d.toJS()),
  }));

/** Mutated shipped scenarios. */
export const mutatedShippedScenario: fc.Arbitrary<FuzzCase> = fc
  .record({
    scenario: fc.nat({ max: SHIPPED.length - 1 }),
    mutations,
    damage: textDamage,
    checkDeterminism: fc.boolean(),
  })
  .map((plan) => ({
    text: mutatedText(SHIPPED[plan.scenario]!.docs, plan.mutations, plan.damage),
    checkDeterminism: plan.checkDeterminism,
  }));
