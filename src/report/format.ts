/**
 * Deterministic number and JSON formatting for report files.
 *
 * Numbers: integers are written as is; other finite numbers are rounded to at most
 * {@link MAX_DECIMALS} decimal places (trailing zeros dropped, never exponent notation);
 * `-0` becomes `0`; NaN and ±Infinity are never written (JSON `null`, an empty CSV field).
 * Rounding goes through `Number.prototype.toFixed`, which ECMAScript specifies exactly on the
 * double's true value, so every engine and platform prints the same digits.
 */

/** Most decimal places a non-integer keeps in report files. */
export const MAX_DECIMALS = 6;

/** Where text goes: a file, a buffer, a test array. Lets JSON and CSV be streamed. */
export interface TextSink {
  write(chunk: string): void;
}

/** The report-file text of a number, or `null` when it is not finite (NaN, ±Infinity). */
export function formatNumber(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  if (Number.isInteger(n)) {
    if (Object.is(n, -0)) return "0";
    // Above 1e21 String() switches to exponent form; BigInt prints every digit.
    return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  }
  let text = n.toFixed(MAX_DECIMALS);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}

/** The number a reader gets back from {@link formatNumber}'s text (`null` when not finite). */
export function normalizeNumber(n: number): number | null {
  const text = formatNumber(n);
  return text === null ? null : Number(text);
}

/** Serialize `value` as JSON to `sink`: insertion key order, `indent` spaces, report numbers. */
export function writeJson(value: unknown, sink: TextSink, indent = 2): void {
  writeValue(value, sink, indent > 0 ? " ".repeat(indent) : "", "");
}

/** The JSON text of `value` ({@link writeJson} into a string, no trailing newline). */
export function toJson(value: unknown, indent = 2): string {
  const parts: string[] = [];
  writeJson(value, { write: (chunk) => parts.push(chunk) }, indent);
  return parts.join("");
}

/** True when JSON.stringify would leave this value out of an object. */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function writeValue(value: unknown, sink: TextSink, unit: string, pad: string): void {
  if (value === null || isSkipped(value)) {
    sink.write("null");
    return;
  }
  switch (typeof value) {
    case "number":
      sink.write(formatNumber(value) ?? "null");
      return;
    case "string":
      sink.write(JSON.stringify(value));
      return;
    case "boolean":
      sink.write(value ? "true" : "false");
      return;
    case "bigint":
      throw new TypeError("report JSON cannot hold a bigint; convert it to a number first");
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") {
    writeValue(withToJson.toJSON(), sink, unit, pad);
    return;
  }
  const inner = pad + unit;
  const nl = unit === "" ? "" : "\n";
  const colon = unit === "" ? ":" : ": ";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      sink.write("[]");
      return;
    }
    sink.write("[" + nl);
    value.forEach((item, i) => {
      sink.write(inner);
      writeValue(item, sink, unit, inner);
      sink.write(i < value.length - 1 ? "," + nl : nl);
    });
    sink.write(pad + "]");
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => !isSkipped(v));
  if (entries.length === 0) {
    sink.write("{}");
    return;
  }
  sink.write("{" + nl);
  entries.forEach(([key, item], i) => {
    sink.write(inner + JSON.stringify(key) + colon);
    writeValue(item, sink, unit, inner);
    sink.write(i < entries.length - 1 ? "," + nl : nl);
  });
  sink.write(pad + "}");
}
