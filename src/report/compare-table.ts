/**
 * The terminal table of a {@link Comparison}: one row per metric (base, candidate, Δ, Δ%, and a
 * mark per threshold: ✗ breached, ✓ held), then one line per threshold and the verdict. Values
 * without data print as `-`, absent ones as `missing`. Pure: returns text.
 */
import type { Comparison, ComparisonRow, ThresholdCheck } from "./compare.js";
import { paint, renderColumns } from "./display.js";
import { formatNumber } from "./format.js";

/** Options of {@link renderComparison}. */
export interface CompareTableOptions {
  /** Colour with ANSI escapes. @defaultValue false */
  color?: boolean;
  /** Leave out metrics that did not change and carry no threshold (`sim compare` without `--all`). @defaultValue false */
  changedOnly?: boolean;
}

const MARK = { breached: "✗", held: "✓" } as const;
const WORD = { breached: "FAIL", held: "ok" } as const;

/** The comparison as text, lines joined with `\n`, ending with a newline. */
export function renderComparison(cmp: Comparison, options: CompareTableOptions = {}): string {
  const color = options.color ?? false;
  const shown = shownRows(cmp, options.changedOnly ?? false);
  const header = ["METRIC", "BASE", "CANDIDATE", "Δ", "Δ%", "CHECK"];
  // Without thresholds the CHECK column would stay empty.
  const width = cmp.checks.length > 0 ? header.length : header.length - 1;
  const rows = [header, ...shown.map(cells)].map((row) => row.slice(0, width));
  const lines = renderColumns(rows, (text, r, c) => {
    if (r === 0) return paint(color, "bold", text);
    if (c !== 5) return text;
    return paint(color, shown[r - 1]!.breached ? "red" : "green", text);
  });
  // A header alone says nothing: with every row left out, the count line below says it.
  if (shown.length === 0) lines.length = 0;
  else lines.push("");
  lines.push(countLine(cmp, shown.length));
  if (cmp.checks.length > 0) {
    lines.push("", ...cmp.checks.map((k) => checkLine(k, color)));
    const n = cmp.checks.length;
    const verdict =
      cmp.breaches.length > 0
        ? paint(color, "red", `${cmp.breaches.length} of ${n} thresholds breached.`)
        : paint(color, "green", `No threshold breached (${n} checked).`);
    lines.push("", verdict);
  }
  return lines.join("\n") + "\n";
}

/** The rows listed: all, or (`changedOnly`) those that changed or carry a threshold. */
export function shownRows(cmp: Comparison, changedOnly: boolean): readonly ComparisonRow[] {
  return cmp.rows.filter((r) => !changedOnly || isChanged(r) || r.checks.length > 0);
}

/** `40 metrics, 3 changed.`, saying how to list the unchanged ones when they were left out. */
export function countLine(cmp: Comparison, shown: number): string {
  const changed = cmp.rows.filter(isChanged).length;
  const hidden = cmp.rows.length - shown;
  return (
    `${cmp.rows.length} metrics, ${changed} changed.` +
    (hidden > 0 ? ` ${hidden} unchanged not shown (--all lists them).` : "")
  );
}

/** A metric changed when its value differs, including appearing, vanishing or losing its data. */
export function isChanged(row: ComparisonRow): boolean {
  if (row.missingFrom !== null) return true;
  return row.delta === null ? row.base !== row.candidate : row.delta !== 0;
}

/** The cells of a metric's row: METRIC, BASE, CANDIDATE, Δ, Δ%, CHECK. */
export function cells(row: ComparisonRow): string[] {
  return [
    row.metric,
    value(row.base, row.missingFrom === "base"),
    value(row.candidate, row.missingFrom === "candidate"),
    row.delta === null ? "-" : signed(formatNumber(row.delta) ?? "-", row.delta),
    percent(row.relativeDelta),
    row.checks.map((k) => `${MARK[k.status]} ${limitText(k)}`).join(" "),
  ];
}

function value(v: number | null, missing: boolean): string {
  if (missing) return "missing";
  if (v === null) return "-";
  return formatNumber(v) ?? String(v); // Infinity read from `1e400` shows as such
}

function signed(text: string, n: number): string {
  return n > 0 ? `+${text}` : text;
}

/** A fraction as a percentage with at most one decimal: `+10%`, `-4.5%`, `0%`. */
function percent(fraction: number | null): string {
  if (fraction === null) return "-";
  const pct = fraction * 100;
  let text = pct.toFixed(1).replace(/\.0$/, "");
  if (text === "-0") text = "0";
  return `${pct > 0 && text !== "0" ? "+" : ""}${text}%`;
}

/** The LIMIT part of the threshold; a bare ceiling reads `max N`. */
function limitText(check: ThresholdCheck): string {
  const text = check.threshold.text;
  const limit = text.slice(text.indexOf("=") + 1).trim();
  return check.threshold.kind === "max" ? `max ${limit}` : limit;
}

export function checkLine(check: ThresholdCheck, color: boolean): string {
  const word = WORD[check.status];
  const tint = check.status === "breached" ? "red" : "green";
  return `${paint(color, tint, word.padEnd(4))}  ${check.threshold.text}: ${check.message}`;
}
