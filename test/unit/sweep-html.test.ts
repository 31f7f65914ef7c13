/**
 * The sweep's report.html: what its data holds (a chart per metric that varies, the others
 * listed as constant, dots capped per point) and that no name can break out of the data element.
 */
import { describe, expect, it } from "vitest";
import type { RunTable, SweepReport } from "../../src/sweep/aggregate.js";
import { MAX_DOTS_PER_POINT, sweepPageData } from "../../src/sweep/html/page-data.js";
import { renderSweepHtml } from "../../src/sweep/html/render-page.js";
import { summarize } from "../../src/sweep/stats.js";

function sweepOf(runs: number, outcome: string): { report: SweepReport; table: RunTable } {
  const seeds = Array.from({ length: runs }, (_, i) => i);
  const varying = seeds.map((s) => s % 7);
  const table: RunTable = {
    metrics: ["varies", "same", "none"],
    rows: seeds.map((seed, i) => ({ point: "p0", seed, values: [varying[i]!, 3, null] })),
  };
  const report = {
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "SweepReport",
    scenario: { name: "</script><b>x", sha256: "ab", start: "", end: "" },
    seeds,
    outcomeExpressions: { [outcome]: "varies > 3" },
    points: [
      {
        id: "p0",
        params: {},
        n: runs,
        metrics: { varies: summarize(varying), same: summarize(seeds.map(() => 3)), none: summarize([]) },
        outcomes: { [outcome]: { n: runs, count: 1, p: 1 / runs, ci95: [0, 1] } },
      },
    ],
  } as SweepReport;
  return { report, table };
}

describe("sweep report.html", () => {
  it("draws metrics that vary and lists the others", () => {
    const { report, table } = sweepOf(10, "late");
    const data = sweepPageData(report, table);
    expect(data.metrics.map((m) => m.name)).toEqual(["varies"]);
    expect(data.metrics[0]!.values).toEqual([[0, 1, 2, 3, 4, 5, 6, 0, 1, 2]]);
    expect(data.constant).toEqual([
      ["same", 3],
      ["none", null],
    ]);
    expect(data.outcomes.map((o) => o.name)).toEqual(["late"]);
  });

  it("leaves out the dots of a point with more runs than it can draw", () => {
    const { report, table } = sweepOf(MAX_DOTS_PER_POINT + 1, "late");
    expect(sweepPageData(report, table).metrics[0]!.values).toEqual([null]);
  });

  it("keeps hostile names inside the data: no </script> or markup breaks out", () => {
    const { report, table } = sweepOf(5, "</script><script>alert(1)</script>");
    const html = renderSweepHtml(report, table);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data element's and the script's
    expect(html).not.toContain("<b>x");
    expect(html).toContain("&#60;/script&#62;&#60;b&#62;x · sweep");
  });
});
