/** Helpers of the sweep end-to-end tests. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/types.js";
import { captureOutput } from "./cli-output.js";

export const QUICKSTART = "scenarios/quickstart.yaml";

/** Run the `sim` command line in-process. */
export async function sim(...args: string[]) {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A valid scenario, loaded. */
export function load(file: string): Scenario {
  const r = loadScenario(file);
  if (!r.ok) throw new Error(r.errors.map((e) => e.format()).join("\n"));
  return r.scenario;
}

/** Every file of a folder: name -> text. */
export function files(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).map((f) => [f, readFileSync(path.join(folder, f), "utf8")]));
}
