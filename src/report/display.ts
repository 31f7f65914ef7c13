/**
 * Text helpers of the terminal views: kubectl's durations and column layout, numbers for
 * reading, ANSI colour on request. Pure functions.
 */

export const ANSI = { bold: "1", dim: "2", red: "31", green: "32", yellow: "33" } as const;
export type Tint = keyof typeof ANSI;

/** Wrap `text` in an ANSI colour when `on`. */
export function paint(on: boolean, tint: Tint, text: string): string {
  return on && text !== "" ? `\x1b[${ANSI[tint]}m${text}\x1b[0m` : text;
}

/**
 * kubectl's duration text (apimachinery `duration.HumanDuration`): about 2–3 significant figures,
 * e.g. `45s`, `2m10s`, `15m`, `3h4m`, `10h`, `5d2h`, `30d`, `2y10d`.
 */
export function humanDuration(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const minutes = Math.trunc(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(s / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** A statistic in seconds for reading: `0.25s`, `45.3s`, then {@link humanDuration}; `-` for none. */
export function displaySeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "-";
  if (seconds < 10) return `${trimFixed(seconds, 2)}s`;
  if (seconds < 120) return `${trimFixed(seconds, 1)}s`;
  return humanDuration(seconds);
}

/** A count or rate for reading: integers as is, others with at most two decimals. */
export function displayNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  return Number.isInteger(n) ? String(n) : trimFixed(n, 2);
}

function trimFixed(n: number, digits: number): string {
  const text = n.toFixed(digits).replace(/\.?0+$/, "");
  return text === "-0" ? "0" : text;
}

/**
 * Lay out rows as kubectl does (Go tabwriter, minimum width 10, padding 3): every column but
 * the last is padded; `style` may colour a cell after its width is measured.
 */
export function renderColumns(
  rows: readonly (readonly string[])[],
  style: (text: string, row: number, col: number) => string = (t) => t,
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, row[i]!.length);
  }
  return rows.map((row, r) => {
    let last = row.length - 1;
    while (last > 0 && row[last] === "") last--;
    let line = "";
    for (let c = 0; c <= last; c++) {
      const cell = row[c]!;
      const pad = c < last ? Math.max(10, widths[c]! + 3) - cell.length : 0;
      line += style(cell, r, c) + " ".repeat(pad);
    }
    return line;
  });
}

/** A count with thousands separators (`1,000`), whatever the host's locale. */
export function displayCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  if (!Number.isInteger(n)) return displayNumber(n);
  const digits = String(Math.abs(n));
  let grouped = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += ",";
    grouped += digits[i];
  }
  return n < 0 ? `-${grouped}` : grouped;
}
