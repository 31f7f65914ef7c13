/**
 * report.html: one self-contained page (no network: style, data and script inline) that draws
 * the report. The data is one JSON blob in a `<script type="application/json">` element, escaped
 * so no name or label in it can close the element.
 */
import type { Report } from "../types.js";
import { EMPTY_PAGE_CONTEXT, type PageContext } from "./context.js";
import { pageData } from "./page-data.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { renderPageShell } from "./page-shell.js";

/**
 * The whole page for `report`; `context` adds schedules, time zones, dependencies and capacity.
 * `summaryOnly`: the report's Jobs, pods and events were streamed to CSV, and the page says so.
 */
export function renderReportHtml(
  report: Report,
  context: PageContext = EMPTY_PAGE_CONTEXT,
  options: { summaryOnly?: boolean } = {},
): string {
  const data = pageData(report, context, options.summaryOnly ?? false);
  const name = report.scenario.name;
  const meta = `seed ${report.scenario.seed} · ${report.scenario.start.replace("T", " ").replace(".000Z", " UTC")} → ${report.scenario.end.replace("T", " ").replace(".000Z", " UTC")} · scenario sha256 ${report.scenario.sha256.slice(0, 12)}`;
  return renderPageShell({
    title: `${name} · jobsim report`,
    heading: name,
    meta,
    body: BODY,
    dataId: "jobsim-data",
    data,
    script: PAGE_SCRIPT,
  });
}

/** The sections the page script fills in. */
const BODY = `<section id="summary"><h2>Summary</h2></section>
<section id="timeline"><h2>Timeline</h2>
<div class="toolbar"><button id="zoom-out" title="Zoom out">−</button><button id="zoom-in" title="Zoom in">+</button><button id="zoom-activity" title="Zoom to where the Jobs ran">Activity</button><button id="zoom-reset">Whole run</button><span class="range" id="tl-range"></span><div class="legend" id="tl-legend"></div></div>
<div class="tl-scroll" id="tl-scroll"><canvas id="tl-canvas"></canvas><div id="tl-spacer"></div></div>
<div class="hint">Wheel: zoom around the pointer · drag: pan in time and scroll the lanes · shift+wheel: pan · hover a pod bar or a schedule mark for details (schedule marks in the CronJob's time zone and in UTC).</div>
</section>
<section id="over-time"><h2>Over time</h2><div class="charts" id="charts"></div></section>
<section id="deps"><h2>Dependency pipeline</h2></section>
<section id="jobs"><h2>Jobs</h2></section>`;
