/**
 * `npm run golden:update`: rewrite test/golden/ from what the shipped scenarios produce now.
 * Run it only for a change of output you mean; then read the diff before committing.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { GOLDEN_DIR, produceGolden, shippedScenarios } from "./golden.js";

const scenarios = shippedScenarios();
mkdirSync(GOLDEN_DIR, { recursive: true });
for (const entry of readdirSync(GOLDEN_DIR)) {
  const full = path.join(GOLDEN_DIR, entry);
  if (statSync(full).isDirectory() && !scenarios.includes(entry)) rmSync(full, { recursive: true });
}
for (const scenario of scenarios) {
  const dir = path.join(GOLDEN_DIR, scenario);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of await produceGolden(scenario)) writeFileSync(path.join(dir, name), text);
  process.stdout.write(`golden: ${scenario}\n`);
}
