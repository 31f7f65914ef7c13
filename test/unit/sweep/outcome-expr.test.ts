import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SweepInputError } from "../../../src/sweep/errors.js";
import { ExpressionError, holds, metricNames, parseOutcome } from "../../../src/sweep/outcome-expr.js";
import {
  checkOutcomeMetrics,
  MISSED_OUTCOME,
  outcomeDefinitions,
  parseOutcomeFlag,
} from "../../../src/sweep/outcomes.js";

const RUN: Record<string, number | null> = {
  "jobs.failed": 2,
  "jobs.created": 10,
  "duration.job.max": 5 * 3600,
  "duration.job.p99": null,
  "workQueue.jobs.default/etl.items": 7,
};
const lookup = (name: string) => RUN[name] ?? null;
const evaluate = (text: string) => holds(parseOutcome(text), lookup);

describe("outcome expressions", () => {
  it.each([
    ["jobs.failed > 0", true],
    ["jobs.failed >= 2", true],
    ["jobs.failed < 2", false],
    ["jobs.failed <= 2", true],
    ["jobs.failed == 2", true],
    ["jobs.failed != 2", false],
    ["jobs.failed / jobs.created > 0.15", true],
    ["jobs.failed * 10 - jobs.created == 10", true],
    ["-jobs.failed < 0", true],
    ["jobs.failed + 1 * 3 == 5", true], // * before +
    ["(jobs.failed + 1) * 3 == 9", true],
    ["duration.job.max <= 6h", true],
    ["duration.job.max <= 4h59m", false],
    ["duration.job.max == 18000", true],
    ["duration.job.max < 1.5d", true],
    ["duration.job.max > 250ms", true],
    ['"workQueue.jobs.default/etl.items" == 7', true],
    ["jobs.failed > 0 and jobs.created > 20", false],
    ["jobs.failed > 0 or jobs.created > 20", true],
    // and binds tighter than or
    ["jobs.failed > 5 and jobs.created > 5 or jobs.created == 10", true],
    ["jobs.failed > 5 and (jobs.created > 5 or jobs.created == 10)", false],
    ["not jobs.failed > 5", true],
    ["not not jobs.failed > 5", false],
    ["not (jobs.failed > 5 or jobs.created == 10)", false],
    // A comparison with no value is false, whichever way it points.
    ["duration.job.p99 > 0", false],
    ["duration.job.p99 <= 0", false],
    ["duration.job.p99 + 1 > 0", false],
    ["not duration.job.p99 > 0", true],
    ["jobs.failed / 0 > 0", false],
    ["no.such.metric == 0", false],
  ])("%s is %s", (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it.each([
    ["jobs.failed", 1, "an outcome must be a comparison"],
    ["jobs.failed >", 14, 'expected a number, a metric name or "(", got the end'],
    ["jobs.failed = 0", 13, 'unexpected "=" (equality is "==")'],
    ["jobs.failed > 0 && jobs.created > 1", 17, 'use "and", "or", "not"'],
    ["1 < jobs.failed < 3", 17, "comparisons do not chain"],
    ["(jobs.failed > 0", 17, 'expected ")", got the end'],
    ["jobs.failed > 0)", 16, 'unexpected ")"'],
    ["jobs.failed > 6x", 15, '"6x" is neither a number nor a duration'],
    ["jobs.failed > 0 and 3", 21, '"and" needs comparisons on both sides'],
    ["(jobs.failed > 0) + 1 > 2", 2, '"+" needs numbers or metrics, not a comparison'],
    ['"jobs.failed > 0', 1, "a quoted metric name is not closed"],
    ["jobs.failed > 0 ; 1", 17, 'unexpected ";"'],
    ["jobs.failed\u202e > 0", 12, "character U+202E"],
  ])("%j: column %i, %s", (text, column, message) => {
    let caught: unknown;
    try {
      parseOutcome(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).column).toBe(column);
    expect((caught as ExpressionError).message).toContain(message);
  });

  it("lists the metrics it reads, with columns", () => {
    expect(metricNames(parseOutcome("a.b > 1 and (c / d.e < 2)"))).toEqual([
      { name: "a.b", column: 1 },
      { name: "c", column: 14 },
      { name: "d.e", column: 18 },
    ]);
  });

  it("any text either parses or fails with an ExpressionError at a column within it", () => {
    const alphabet = fc.constantFrom(...'ab.01 ()<>=!+-*/"hms&|notandor'.split(""));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join("")),
        (text) => {
          try {
            parseOutcome(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionError);
            const column = (error as ExpressionError).column;
            expect(column >= 1 && column <= text.length + 1).toBe(true);
          }
        },
      ),
    );
  });
});

describe("--outcome NAME=EXPR", () => {
  it("splits at the first =, and keeps the expression as written", () => {
    const o = parseOutcomeFlag("late = duration.job.max > 6h ");
    expect(o.name).toBe("late");
    expect(o.expression).toBe("duration.job.max > 6h");
    expect(holds(o.expr, lookup)).toBe(false);
  });

  it("locates errors in the whole flag text, with a caret", () => {
    expect(() => parseOutcomeFlag("late=duration.job.max <== 6h")).toThrow(
      '--outcome "late=duration.job.max <== 6h": column 25: unexpected "=" (equality is "==")\n' +
        "  late=duration.job.max <== 6h\n" +
        "                          ^",
    );
  });

  it.each([
    ["jobs.failed > 0", "expected NAME=EXPR"],
    ["=jobs.failed > 0", "expected NAME=EXPR"],
    ["x<=3", "expected NAME=EXPR"],
    ["late=", "column 6: expected an expression"],
    ["a\u202eb=jobs.failed > 0", "control or bidirectional character"],
  ])("%j is refused: %s", (flag, message) => {
    expect(() => parseOutcomeFlag(flag)).toThrow(SweepInputError);
    expect(() => parseOutcomeFlag(flag)).toThrow(message);
  });

  it("defaults first (missed schedules only with CronJobs); a user outcome of the same name replaces one", () => {
    expect(outcomeDefinitions([], false).map((o) => o.name)).toEqual(["P(jobs.failed>0)"]);
    expect(outcomeDefinitions([], true).map((o) => o.name)).toEqual([
      "P(jobs.failed>0)",
      MISSED_OUTCOME.name,
    ]);
    const mine = parseOutcomeFlag("P(jobs.failed>0)=jobs.failed > 1");
    const defs = outcomeDefinitions([mine, parseOutcomeFlag("x=jobs.failed > 3")], true);
    expect(defs.map((o) => [o.name, o.expression])).toEqual([
      [MISSED_OUTCOME.name, MISSED_OUTCOME.expression],
      ["P(jobs.failed>0)", "jobs.failed > 1"],
      ["x", "jobs.failed > 3"],
    ]);
    expect(() => outcomeDefinitions([mine, mine], false)).toThrow("is given twice");
  });

  it("unknown metrics are refused with the nearest names; failure reasons and work queues may come later", () => {
    const known = ["jobs.failed", "jobs.created", "duration.job.max"];
    expect(() => checkOutcomeMetrics([parseOutcomeFlag("x=jobs.faild > 0")], known)).toThrow(
      'no summary metric "jobs.faild" (nearest: jobs.failed, jobs.created, duration.job.max)',
    );
    expect(() =>
      checkOutcomeMetrics(
        [parseOutcomeFlag('x=jobs.failedByReason.DeadlineExceeded > 0 or "workQueue.jobs.a/b.items" > 1')],
        known,
      ),
    ).not.toThrow();
  });
});
