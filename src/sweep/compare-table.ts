/**
 * The terminal table of a {@link SweepComparison}: what was compared and how (paired by seed or
 * Welch), then one row per metric and outcome (base and candidate means, the difference, its 95%
 * interval, `*` when the interval excludes 0, and a mark per threshold), then the verdict.
 */
import { formatNumber } from "../report/format.js";
import { markdownCheckLines, markdownMetricTable } from "../report/markdown.js";
import { paint, renderColumns } from "../report/summary-table.js";
import type { SweepComparison, SweepComparisonRow } from "./compare-sweeps.js";

const MARK = { breached: "✗", held: "✓" } as const;

function num(v: number | null): string {
  return v === null ? "-" : (formatNumber(v) ?? "-");
}

function signed(v: number | null): string {
  if (v === null) return "-";
  const text = num(v);
  return v > 0 && text !== "0" ? `+${text}` : text;
}

function cells(r: SweepComparisonRow): string[] {
  const ci = r.difference.ci95;
  return [
    r.name,
    r.missingFrom === "base" ? "missing" : num(r.base),
    r.missingFrom === "candidate" ? "missing" : num(r.candidate),
    signed(r.difference.estimate),
    ci === null ? "-" : `[${signed(ci[0])}, ${signed(ci[1])}]`,
    r.significant ? "*" : "",
    r.checks
      .map((k) => `${MARK[k.status]} ${k.threshold.text.slice(k.threshold.text.indexOf("=") + 1)}`)
      .join(" "),
  ];
}

/** Options of the renderers. */
export interface SweepCompareTableOptions {
  /** Colour with ANSI escapes (text only). @defaultValue false */
  color?: boolean;
  /** List metrics without a difference too. @defaultValue false */
  all?: boolean;
}

/**
 * A row differs: a side lacks it, the means differ, or Δ is not 0 (paired, Δ is over the seeds
 * with a value on both sides, so it can be 0 while the means are not).
 */
export function isChangedRow(r: SweepComparisonRow): boolean {
  if (r.missingFrom !== null || r.base !== r.candidate) return true;
  return r.difference.estimate !== null && r.difference.estimate !== 0;
}

function shownRows(cmp: SweepComparison, all: boolean): SweepComparisonRow[] {
  return cmp.rows.filter((r) => all || isChangedRow(r) || r.checks.length > 0);
}

/** What was compared and how, one line each. */
function leadLines(cmp: SweepComparison): string[] {
  const { base, candidate } = cmp;
  const pairs = cmp.paired
    ? `paired by seed (${base.seeds.length} seeds on both sides): a t interval on the per-seed differences`
    : `not paired (the seeds differ: ${base.seeds.length} and ${candidate.seeds.length} runs): Welch's t interval`;
  return [
    `base:      ${base.label} (${base.point.n} runs)`,
    `candidate: ${candidate.label} (${candidate.point.n} runs)`,
    `metrics ${pairs}; outcomes: Newcombe's interval of a difference of proportions`,
  ];
}

function countLine(cmp: SweepComparison, shown: number): string {
  const significant = cmp.rows.filter((r) => r.significant).length;
  const hidden = cmp.rows.length - shown;
  return (
    `${cmp.rows.length} metrics and outcomes, ${cmp.rows.filter(isChangedRow).length} changed, ` +
    `${significant} with a 95% interval of Δ that excludes 0 (*)` +
    (hidden > 0 ? `; ${hidden} without a difference not shown (--all)` : "") +
    "."
  );
}

function verdict(cmp: SweepComparison): string {
  const n = cmp.checks.length;
  const how = cmp.strict
    ? "on the point estimate (--strict)"
    : "only when the 95% interval lies beyond the limit";
  return cmp.breaches.length > 0
    ? `${cmp.breaches.length} of ${n} thresholds breached (${how}).`
    : `No threshold breached (${n} checked, ${how}).`;
}

const HEADER = ["METRIC", "BASE", "CANDIDATE", "Δ", "95% CI OF Δ", "SIG", "CHECK"];
const MD_HEADER = ["metric", "base", "candidate", "Δ", "95% CI of Δ", "sig", "check"];

/** The comparison as text, ending with a newline. */
export function renderSweepComparison(cmp: SweepComparison, options: SweepCompareTableOptions = {}): string {
  const color = options.color ?? false;
  const shown = shownRows(cmp, options.all ?? false);
  const lines = [...leadLines(cmp), ""];
  const width = cmp.checks.length > 0 ? HEADER.length : HEADER.length - 1;
  const rows = [HEADER, ...shown.map(cells)].map((r) => r.slice(0, width));
  lines.push(
    ...renderColumns(rows, (text, r, c) => {
      if (r === 0) return paint(color, "bold", text);
      const row = shown[r - 1]!;
      if (c === 6)
        return paint(color, row.checks.some((k) => k.status === "breached") ? "red" : "green", text);
      return c === 5 && row.significant ? paint(color, "bold", text) : text;
    }),
  );
  lines.push("", countLine(cmp, shown.length));
  if (cmp.checks.length > 0) {
    lines.push("");
    for (const k of cmp.checks) {
      const word = k.status === "breached" ? "FAIL" : "ok  ";
      lines.push(
        `${paint(color, k.status === "breached" ? "red" : "green", word)}  ${k.threshold.text}: ${k.message}`,
      );
    }
    lines.push("", paint(color, cmp.breaches.length > 0 ? "red" : "green", verdict(cmp)));
  }
  return `${lines.join("\n")}\n`;
}

/** The comparison as markdown for a pull-request comment, as `sim compare --format md` of reports. */
export function renderSweepComparisonMarkdown(cmp: SweepComparison, options: { all?: boolean } = {}): string {
  const shown = shownRows(cmp, options.all ?? false);
  const lines = [
    "### jobsim compare (sweeps)",
    "",
    ...leadLines(cmp).map((l) => `- ${l.replace(/\s+/g, " ")}`),
    "",
  ];
  if (shown.length > 0)
    lines.push(...markdownMetricTable([MD_HEADER, ...shown.map(cells)], cmp.checks.length > 0), "");
  lines.push(countLine(cmp, shown.length));
  if (cmp.checks.length > 0) {
    lines.push("", ...markdownCheckLines(cmp.checks));
    lines.push("", cmp.breaches.length > 0 ? `**${verdict(cmp)}**` : verdict(cmp));
  }
  return `${lines.join("\n")}\n`;
}
