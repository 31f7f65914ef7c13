/**
 * The terminal table of a {@link SweepComparison}: what was compared and how (paired by seed or
 * Welch), then one row per metric and outcome (base and candidate means, the difference, its 95%
 * interval, `*` when the interval excludes 0, and a mark per threshold), then the verdict.
 */
import { formatNumber } from "../report/format.js";
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

/** The comparison as text, ending with a newline. */
export function renderSweepComparison(cmp: SweepComparison, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const { base, candidate } = cmp;
  const pairs = cmp.paired
    ? `paired by seed (${base.seeds.length} seeds on both sides): a t interval on the per-seed differences`
    : `not paired (the seeds differ: ${base.seeds.length} and ${candidate.seeds.length} runs): Welch's t interval`;
  const lines = [
    `base:      ${base.label} (${base.point.n} runs)`,
    `candidate: ${candidate.label} (${candidate.point.n} runs)`,
    `metrics ${pairs}; outcomes: Newcombe's interval of a difference of proportions`,
    "",
  ];
  const header = ["METRIC", "BASE", "CANDIDATE", "Δ", "95% CI OF Δ", "SIG", "CHECK"];
  const width = cmp.checks.length > 0 ? header.length : header.length - 1;
  const rows = [header, ...cmp.rows.map(cells)].map((r) => r.slice(0, width));
  lines.push(
    ...renderColumns(rows, (text, r, c) => {
      if (r === 0) return paint(color, "bold", text);
      const row = cmp.rows[r - 1]!;
      if (c === 6)
        return paint(color, row.checks.some((k) => k.status === "breached") ? "red" : "green", text);
      return c === 5 && row.significant ? paint(color, "bold", text) : text;
    }),
  );
  const significant = cmp.rows.filter((r) => r.significant).length;
  lines.push(
    "",
    `${cmp.rows.length} metrics and outcomes, ${significant} with a difference whose 95% interval excludes 0 (*).`,
  );
  if (cmp.checks.length > 0) {
    lines.push("");
    for (const k of cmp.checks) {
      const word = k.status === "breached" ? "FAIL" : "ok  ";
      lines.push(
        `${paint(color, k.status === "breached" ? "red" : "green", word)}  ${k.threshold.text}: ${k.message}`,
      );
    }
    const n = cmp.checks.length;
    const how = cmp.strict
      ? "on the point estimate (--strict)"
      : "only when the 95% interval lies beyond the limit";
    lines.push(
      "",
      cmp.breaches.length > 0
        ? paint(color, "red", `${cmp.breaches.length} of ${n} thresholds breached (${how}).`)
        : paint(color, "green", `No threshold breached (${n} checked, ${how}).`),
    );
  }
  return `${lines.join("\n")}\n`;
}
