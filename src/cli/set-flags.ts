/**
 * `--set PATH=V1,V2,...`: the grid axes given on the command line (src/sweep/grid-set.ts reads
 * them). Shared by the commands that take them; the grid itself is loaded in scenario-input.ts.
 */
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
