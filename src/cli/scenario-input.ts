/**
 * Reading the scenario a command names: from its file or standard input (`-`), its sweep grid
 * expanded and checked, and the warnings and size checks that come before running it. Shared by
 * `sim run`, `sim validate` and the sweep commands.
 */
import { isFileReadError } from "../io/read-regular-file.js";
import { readStdin, STDIN_NAME } from "../io/read-stdin.js";
import { foldWarnings } from "../report/fold-warnings.js";
import { estimateRun, fullReportRefusal, largeRunWarning } from "../run/estimate.js";
import { MAX_YAML_FILE_BYTES } from "../scenario/limits.js";
import type { Scenario } from "../scenario/types.js";
import { expandGrid, type GridOptions, type GridResult } from "../sweep/grid.js";
import type { Output } from "./output.js";
import { STDIN_ARG } from "./stdin-arg.js";
import { UserError } from "./user-error.js";

/**
 * The scenario's grid points (its `spec.sweep` and `options.set`; one point without either), or
 * a UserError listing every located error (`forRun`: say nothing was written).
 */
export function loadGrid(
  file: string,
  options: GridOptions,
  forRun = false,
): Extract<GridResult, { ok: true }> {
  const result = expandGrid(file, options);
  if (!result.ok) {
    const lines = result.errors.map((e) => e.format());
    const noun = lines.length === 1 ? "error" : "errors";
    throw new UserError(
      `${lines.join("\n")}\n${file}: ${lines.length} ${noun}${forRun ? "; nothing was written" : ""}`,
    );
  }
  return result;
}

/**
 * Load a scenario or throw a UserError listing every located error (`forRun`: say nothing was
 * written). `-` reads it from standard input, within a scenario file's size limit. A scenario
 * with a sweep grid is checked point by point as `sim validate` does, even though `sim run`
 * runs it as written: a file with a mistake anywhere is refused by every command alike.
 */
export async function loadScenario(
  io: Output,
  file: string,
  seedOverride?: number,
  forRun = true,
): Promise<Scenario> {
  const { shown, text } = await scenarioSource(io, file, forRun);
  const options = {
    ...(seedOverride === undefined ? {} : { seedOverride }),
    ...(text === undefined ? {} : { text }),
  };
  return loadGrid(shown, options, forRun).base;
}

/** The scenario's name for messages, and its text when `file` is `-` (standard input). */
export async function scenarioSource(
  io: Output,
  file: string,
  forRun: boolean,
): Promise<{ shown: string; text: string | undefined }> {
  if (file !== STDIN_ARG) return { shown: file, text: undefined };
  try {
    return { shown: STDIN_NAME, text: await readStdin(io.stdin ?? process.stdin, MAX_YAML_FILE_BYTES) };
  } catch (error) {
    if (!isFileReadError(error)) throw error;
    const tail = forRun ? "; nothing was written" : "";
    throw new UserError(`cannot read the scenario from standard input: ${error.message}${tail}`);
  }
}

/** Print warnings on stderr, repeats folded into one line with a count (fold-warnings.ts). */
export function warn(io: Output, warnings: readonly string[]): void {
  for (const w of foldWarnings(warnings)) io.err(`warning: ${w}\n`);
}

/**
 * Before a run: warn when the estimated size is large, and refuse (exit 2, nothing written) a
 * full report that would not fit in memory. `summaryOnly` undefined: `sim validate`, which
 * warns as for a full run.
 */
export function checkRunSize(io: Output, scenario: Scenario, summaryOnly: boolean | undefined): void {
  const estimate = estimateRun(scenario);
  if (summaryOnly === false) {
    const refusal = fullReportRefusal(estimate);
    if (refusal !== null) throw new UserError(`${scenario.file}: ${refusal}; nothing was written`);
  }
  const warning = largeRunWarning(estimate, summaryOnly ?? false);
  if (warning !== null) warn(io, [warning]);
}
