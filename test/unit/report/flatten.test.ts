import { describe, expect, it } from "vitest";
import { flattenSummary, lookupMetric } from "../../../src/report/flatten.js";
import { smallSummary } from "../../helpers/report-fixtures.js";

describe("flattenSummary", () => {
  it("lists leaves with dotted names in insertion order", () => {
    const rows = flattenSummary({
      jobs: { created: 3, failedByReason: { BackoffLimitExceeded: 1, DeadlineExceeded: 0 } },
      retries: 2,
      p: null,
    });
    expect(rows).toEqual([
      ["jobs.created", 3],
      ["jobs.failedByReason.BackoffLimitExceeded", 1],
      ["jobs.failedByReason.DeadlineExceeded", 0],
      ["retries", 2],
      ["p", null],
    ]);
  });

  it("leaves out empty subtrees", () => {
    expect(flattenSummary({ a: {}, b: { c: {} }, d: 1 })).toEqual([["d", 1]]);
  });

  it("round-trips through lookupMetric for every row", () => {
    const tree = smallSummary();
    for (const [name, value] of flattenSummary(tree)) expect(lookupMetric(tree, name)).toBe(value);
  });
});

describe("lookupMetric", () => {
  const tree = {
    jobs: { created: 3, failedByReason: { BackoffLimitExceeded: 1 } },
    "odd.key": { x: 4 },
    none: null,
  };

  it("finds nested and dotted keys", () => {
    expect(lookupMetric(tree, "jobs.failedByReason.BackoffLimitExceeded")).toBe(1);
    expect(lookupMetric(tree, "odd.key.x")).toBe(4);
  });

  it("tells a metric without data (null) from a missing one (undefined)", () => {
    expect(lookupMetric(tree, "none")).toBeNull();
    expect(lookupMetric(tree, "jobs.missing")).toBeUndefined();
    expect(lookupMetric(tree, "jobs.created.more")).toBeUndefined();
  });

  it("does not treat a subtree as a metric", () => {
    expect(lookupMetric(tree, "jobs")).toBeUndefined();
    expect(lookupMetric(tree, "jobs.failedByReason")).toBeUndefined();
  });
});
