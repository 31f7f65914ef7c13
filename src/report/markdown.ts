/**
 * Markdown for pull-request comments: `sim run --format md` (what went wrong, the headline
 * metrics, the failed Jobs and the CronJobs) and `sim compare --format md` (only the metrics
 * that changed, unless `--all`, then the thresholds and the verdict). GitHub-flavoured tables;
 * a `|` inside a cell is escaped. Pure: returns text.
 */
import { nothingWentWrong, whatWentWrong } from "./attention.js";
import type { Comparison } from "./compare.js";
import { cells, countLine, shownRows } from "./compare-table.js";
import { cronJobRows, tallyCronJob } from "./cronjob-table.js";
import { jobStatus, secondsBetween } from "./csv.js";
import { displayCount, humanDuration } from "./display.js";
import { isFailed } from "./job-selection.js";
import { metricLines } from "./summary-table.js";
import type { Report } from "./types.js";

/** Failed Jobs listed in the markdown summary before "… and N more". */
const FAILED_ROWS = 10;

/** Text as markdown shows it: `<` escaped, so kubectl's `<none>` is not read as an HTML tag. */
function text(raw: string): string {
  return raw.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
}

/** A table cell: {@link text}, pipes escaped, line breaks as spaces. */
function cell(raw: string): string {
  return text(raw)
    .replaceAll("|", "\\|")
    .replace(/[\r\n]+/g, " ");
}

/** A GitHub-flavoured table of `rows`, the first being the header. */
export function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const [header, ...body] = rows;
  if (header === undefined) return [];
  const line = (row: readonly string[]) => `| ${row.map(cell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...body.map(line)];
}

/** The markdown summary of `report`, ending with a newline. */
export function renderSummaryMarkdown(report: Report): string {
  const { name, seed, start, end } = report.scenario;
  const span = secondsBetween(start, end);
  const lines = [
    `### jobsim: ${name} (seed ${seed})`,
    "",
    `${start} to ${end}` + (span === null ? "" : ` (${humanDuration(span)})`),
    "",
  ];
  const tallies = report.cronjobs.map(tallyCronJob);
  const wrong = whatWentWrong(report, tallies);
  if (wrong.length > 0) lines.push("**What went wrong**", "", ...wrong.map((w) => `- ${text(w)}`), "");
  else lines.push(text(nothingWentWrong(report)), "");
  lines.push(...markdownTable([["metric", "value"], ...metricLines(report)]), "");
  const failed = report.jobs.filter(isFailed);
  if (failed.length > 0) {
    const rows = failed.slice(0, FAILED_ROWS).map((job) => {
      const condition = job.status.conditions.find((c) => c.type === "Failed" && c.status === "True");
      return [job.name, jobStatus(job), condition?.reason ?? "", condition?.message ?? ""];
    });
    lines.push("**Failed Jobs**", "", ...markdownTable([["Job", "status", "reason", "message"], ...rows]));
    if (failed.length > FAILED_ROWS)
      lines.push("", `… and ${displayCount(failed.length - FAILED_ROWS)} more (jobs.csv)`);
    lines.push("");
  }
  if (report.cronjobs.length > 0) {
    lines.push("**CronJobs**", "", ...markdownTable(cronJobRows(report.cronjobs, tallies, end)), "");
  }
  return lines.join("\n").replace(/\n+$/, "\n");
}

/** The markdown comparison: changed metrics only unless `all`, then thresholds and verdict. */
export function renderComparisonMarkdown(cmp: Comparison, options: { all?: boolean } = {}): string {
  const shown = shownRows(cmp, !(options.all ?? false));
  const header = ["metric", "base", "candidate", "Δ", "Δ%", "check"];
  const lines: string[] = ["### jobsim compare", ""];
  if (shown.length > 0)
    lines.push(...markdownMetricTable([header, ...shown.map(cells)], cmp.checks.length > 0), "");
  lines.push(countLine(cmp, shown.length));
  if (cmp.checks.length > 0) {
    lines.push("", ...markdownCheckLines(cmp.checks));
    const n = cmp.checks.length;
    lines.push(
      "",
      cmp.breaches.length > 0
        ? `**${cmp.breaches.length} of ${n} thresholds breached.**`
        : `No threshold breached (${n} checked).`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * A comparison's metric table (`sim compare --format md`, of reports or of sweeps): the header
 * row, then one row per metric with its name as code; the last column (the check) only when
 * thresholds were given.
 */
export function markdownMetricTable(rows: readonly string[][], withChecks: boolean): string[] {
  const width = withChecks ? rows[0]!.length : rows[0]!.length - 1;
  return markdownTable(
    rows.map((row, r) => {
      const cells = row.slice(0, width);
      return r === 0 ? cells : [`\`${cells[0]}\``, ...cells.slice(1)];
    }),
  );
}

/** A comparison's thresholds as a markdown list, each marked breached or held. */
export function markdownCheckLines(
  checks: readonly { status: string; threshold: { text: string }; message: string }[],
): string[] {
  return checks.map(
    (k) => `- ${k.status === "breached" ? "❌" : "✅"} \`${k.threshold.text}\`: ${k.message}`,
  );
}
