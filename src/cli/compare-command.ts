/** `sim compare`: two reports, or two sweeps (or two grid points of one), metric by metric. */
import { compareReports, parseThreshold } from "../report/compare.js";
import { renderComparison } from "../report/compare-table.js";
import { renderComparisonMarkdown } from "../report/markdown.js";
import { readReport } from "../report/read-report.js";
import { EXIT_OK, EXIT_THRESHOLD_BREACHED, type Output, type OutputFormat } from "./output.js";
import { cmdCompareSweeps, comparesSweeps } from "./sweep-command.js";
import { UserError } from "./user-error.js";

export interface CompareArgs {
  base: string;
  /** Undefined: two grid points of the base sweep (`--points`). */
  candidate: string | undefined;
  thresholds: readonly string[];
  format: OutputFormat;
  all: boolean;
  /** `--points BASE,CANDIDATE` of sweeps. */
  points: string | undefined;
  strict: boolean;
}

export async function cmdCompare(io: Output, args: CompareArgs): Promise<number> {
  const parsed = args.thresholds.map(parseThreshold);
  if (comparesSweeps(args.base, args.candidate, args.points))
    return cmdCompareSweeps(io, { ...args, thresholds: parsed });
  if (args.candidate === undefined) throw new UserError("name a candidate report to compare with the base");
  const comparison = compareReports(readReport(args.base), readReport(args.candidate), parsed);
  io.out(
    args.format === "md"
      ? renderComparisonMarkdown(comparison, { all: args.all })
      : renderComparison(comparison, { changedOnly: !args.all }),
  );
  return comparison.exitCode === 1 ? EXIT_THRESHOLD_BREACHED : EXIT_OK;
}
