/**
 * The report.html of a sweep: one self-contained page (style, data and script inline; no
 * network) with the outcome probabilities and their Wilson intervals per grid point, a table of
 * a chosen metric or outcome over the grid's axes, and every metric's distribution per point
 * (a dot per run, the p5-p95 box, the median, the mean and its 95% interval). It shares the
 * run report's stylesheet and its way of embedding data.
 */
import { renderPageShell } from "../../report/html/page-shell.js";
import type { RunTable, SweepReport } from "../aggregate.js";
import { sweepPageData } from "./page-data.js";
import { SWEEP_PAGE_SCRIPT } from "./page-script.js";

const SWEEP_STYLE = `
.dist { display:grid; grid-template-columns:repeat(auto-fit,minmax(460px,1fr)); gap:10px; }
.dist h3 { margin:0 0 2px; font-size:12px; font-weight:600; font-family:ui-monospace,Menlo,Consolas,monospace; }
.dist svg, .outcomes svg { display:block; }
td.heat { text-align:right; font-variant-numeric:tabular-nums; }
.ci { color:var(--muted); font-size:11px; }
`;

/** The whole page for a sweep's report and runs. */
export function renderSweepHtml(report: SweepReport, table: RunTable): string {
  const data = sweepPageData(report, table);
  const name = report.scenario.name;
  const seeds =
    data.seeds.count === 0
      ? "no seeds"
      : `${data.seeds.count} seeds (${data.seeds.first}..${data.seeds.last})`;
  const meta = `sweep · ${report.points.length} grid point(s) × ${seeds} · scenario sha256 ${report.scenario.sha256.slice(0, 12)}`;
  return renderPageShell({
    title: `${name} · jobsim sweep`,
    heading: `${name} · sweep`,
    meta,
    extraStyle: SWEEP_STYLE,
    body: BODY,
    dataId: "jobsim-sweep-data",
    data,
    script: SWEEP_PAGE_SCRIPT,
  });
}

/** The sections the page script fills in. */
const BODY = `<section id="outcomes"><h2>Outcomes: share of runs, with 95% Wilson intervals</h2></section>
<section id="grid"><h2>Over the grid</h2></section>
<section id="metrics"><h2>Metrics: distribution over runs per grid point</h2>
<div class="hint">Dots: one run each · box: p5 to p95 · tick: median · black bar: the mean's 95% confidence interval, dot its mean. Hover for the numbers.</div>
<div class="dist" id="dist"></div></section>`;
