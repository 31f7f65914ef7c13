/**
 * `--set PATH=V1,V2,...`: the grid axes given on the command line (src/sweep/grid-set.ts reads
 * them), and loading a scenario's grid for a command. Shared by the commands that take them.
 */
import { expandGrid, type GridOptions, type GridResult } from "../sweep/grid.js";
import { UserError } from "./user-error.js";

/** The option as yargs declares it: repeated flags collect into a list (never greedy). */
export const SET_OPTION = {
  type: "string",
  describe:
    "vary a field over values, PATH=V1,V2,... (e.g. Job/nightly.spec.parallelism=10,20); repeat for more axes; replaces an axis of spec.sweep with the same path",
} as const;

/** The --set flags in the order given (yargs gives one string, a list, or nothing). */
export function setFlagsOf(raw: unknown): string[] {
  if (raw === undefined) return [];
  const flags = Array.isArray(raw) ? raw : [raw];
  return flags.map((f) => {
    if (typeof f !== "string")
      throw new UserError(`--set: expected PATH=V1,V2,..., got ${JSON.stringify(f)}`);
    return f;
  });
}

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
