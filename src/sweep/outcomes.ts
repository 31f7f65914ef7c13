/**
 * The outcomes a sweep reports as proportions of runs: the defaults (a Job failed; a CronJob
 * instant was missed) and the user's `--outcome NAME=EXPR`.
 */
import { nearestNames } from "../report/compare.js";
import { escapeControls } from "../scenario/errors.js";
import { SweepInputError } from "./errors.js";
import { type Expr, ExpressionError, metricNames, parseOutcome } from "./outcome-expr.js";

/** A named outcome and its expression (text as given, and parsed). */
export interface OutcomeDefinition {
  name: string;
  expression: string;
  expr: Expr;
}

/** P(a Job failed): reported for every sweep. */
export const FAILED_OUTCOME = { name: "P(jobs.failed>0)", expression: "jobs.failed > 0" } as const;

/**
 * P(a CronJob schedule instant never ran although the CronJob was not suspended): held back by
 * Forbid, past its startingDeadlineSeconds, or passed over for a later instant. Reported when the
 * scenario has CronJobs.
 */
export const MISSED_OUTCOME = {
  name: "P(any missed schedule)",
  expression: "cronjobs.forbidden > 0 or cronjobs.missedDeadline > 0 or cronjobs.superseded > 0",
} as const;

/**
 * Summary metrics that only some runs have. A count under `jobs.failedByReason.` that a run
 * lacks is 0 (no Job failed for that reason); other absent metrics have no value in that run.
 */
export const ABSENT_IS_ZERO_PREFIX = "jobs.failedByReason.";
const OPTIONAL_PREFIXES = [ABSENT_IS_ZERO_PREFIX, "workQueue."];

/** A run's value for a metric it lacks: 0 for a failure-reason count, else no value. */
export function absentValue(metric: string): number | null {
  return metric.startsWith(ABSENT_IS_ZERO_PREFIX) ? 0 : null;
}

/** True for a metric name that may be missing from the first run and still exist in others. */
export function isOptionalMetric(name: string): boolean {
  return OPTIONAL_PREFIXES.some((p) => name.startsWith(p));
}

const MAX_NAME_CHARS = 200;

/** Parse `text` as an expression, or throw a {@link SweepInputError} pointing at the column. */
function parse(flag: string, text: string, offset: number): Expr {
  try {
    return parseOutcome(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw located(flag, offset + error.column, error.message);
  }
}

/** A message naming the flag, the column in its text and a caret under it. */
function located(flag: string, column: number, why: string): SweepInputError {
  return new SweepInputError(
    `--outcome ${JSON.stringify(flag)}: column ${column}: ${why}\n  ${flag}\n  ${" ".repeat(column - 1)}^`,
  );
}

/** Parse one `--outcome NAME=EXPR`. */
export function parseOutcomeFlag(flag: string): OutcomeDefinition {
  // Nothing that could break a message's line or reorder a terminal's text gets further.
  const escaped = escapeControls(flag);
  if (escaped !== flag) {
    throw new SweepInputError(
      `--outcome ${JSON.stringify(escaped)}: holds a control or bidirectional character; write plain text`,
    );
  }
  const eq = flag.indexOf("=");
  const name = eq < 0 ? "" : flag.slice(0, eq).trim();
  if (eq < 0 || name === "" || /[<>!]$/.test(name)) {
    throw new SweepInputError(
      `--outcome ${JSON.stringify(flag)}: expected NAME=EXPR, e.g. --outcome "late=duration.job.max > 6h"`,
    );
  }
  if (name.length > MAX_NAME_CHARS) {
    throw new SweepInputError(`--outcome: a NAME is at most ${MAX_NAME_CHARS} characters (e.g. "late")`);
  }
  const text = flag.slice(eq + 1);
  if (text.trim() === "") throw located(flag, eq + 2, "expected an expression after NAME=");
  return { name, expression: text.trim(), expr: parse(flag, text, eq + 1) };
}

/** A default outcome, parsed. */
function builtIn(o: { name: string; expression: string }): OutcomeDefinition {
  return { name: o.name, expression: o.expression, expr: parseOutcome(o.expression) };
}

/**
 * The outcomes of a sweep: the defaults (the missed-schedule one when `hasCronJobs`), then the
 * user's in the order given. A user outcome with a default's name replaces it; two user
 * outcomes with one name are an error.
 */
export function outcomeDefinitions(
  user: readonly OutcomeDefinition[],
  hasCronJobs: boolean,
): OutcomeDefinition[] {
  const seen = new Set<string>();
  for (const o of user) {
    if (seen.has(o.name))
      throw new SweepInputError(`--outcome: the name ${JSON.stringify(o.name)} is given twice`);
    seen.add(o.name);
  }
  const defaults = [FAILED_OUTCOME, ...(hasCronJobs ? [MISSED_OUTCOME] : [])].filter(
    (d) => !seen.has(d.name),
  );
  return [...defaults.map(builtIn), ...user];
}

/**
 * Refuse outcomes naming a metric that `known` (the metrics of a first run) lacks, unless the
 * metric may come and go between runs ({@link isOptionalMetric}); suggests the nearest names.
 */
export function checkOutcomeMetrics(outcomes: readonly OutcomeDefinition[], known: readonly string[]): void {
  const have = new Set(known);
  const problems: string[] = [];
  for (const o of outcomes) {
    for (const m of metricNames(o.expr)) {
      if (have.has(m.name) || isOptionalMetric(m.name)) continue;
      const near = nearestNames(m.name, known);
      problems.push(
        `--outcome ${JSON.stringify(`${o.name}=${o.expression}`)}: no summary metric ${JSON.stringify(m.name)}` +
          (near.length > 0 ? ` (nearest: ${near.join(", ")})` : ""),
      );
    }
  }
  if (problems.length > 0) throw new SweepInputError(problems.join("\n"));
}
