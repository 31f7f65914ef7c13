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
  // The shortest round-trip text is the answer when it has at most MAX_DECIMALS decimals and
  // |n| < 1e9: the double is then within half an ulp (< 0.5e-6) of that text, so rounding it
  // to MAX_DECIMALS places gives the same digits, and the shortest text has no trailing zeros.
  if (Math.abs(n) < 1e9) {
    const shortest = String(n);
    const point = shortest.indexOf(".");
    if (point !== -1 && shortest.length - point - 1 <= MAX_DECIMALS && !shortest.includes("e")) {
      return shortest;
    }
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

/**
 * A long list that report files write item by item, each item made only when it is written
 * (e.g. a year of per-minute schedule instants, kept as numbers until then). {@link writeJson}
 * writes it as a JSON array; `JSON.stringify` gets the plain array through `toJSON`.
 */
export class LazyList<T> implements Iterable<T> {
  constructor(
    readonly length: number,
    private readonly itemAt: (index: number) => T,
  ) {}

  item(index: number): T {
    return this.itemAt(index);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.itemAt(i);
  }

  toArray(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.itemAt(i));
  }

  toJSON(): T[] {
    return this.toArray();
  }
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

/**
 * `JSON.stringify` of a string: quoted as is when nothing in it needs escaping (a quote, a
 * backslash, a control character or a UTF-16 surrogate, which JSON.stringify escapes when
 * lone), which is most report strings; a char-code scan is cheaper than the builtin call.
 */
export function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** The JSON text of a value that has no members (null, number, string, boolean), else undefined. */
function scalarText(value: unknown): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      return formatNumber(value) ?? "null";
    case "string":
      return jsonString(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("report JSON cannot hold a bigint; convert it to a number first");
  }
  return undefined;
}

/** Quoted keys, made once: report.json repeats a few keys millions of times. */
const keyTexts = new Map<string, string>();
const MAX_KEY_TEXTS = 4096;

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (keyTexts.size < MAX_KEY_TEXTS) keyTexts.set(key, text);
  }
  return text;
}

function writeValue(value: unknown, sink: TextSink, unit: string, pad: string): void {
  if (isSkipped(value)) {
    sink.write("null");
    return;
  }
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    sink.write(scalar);
    return;
  }
  if (value instanceof LazyList) {
    writeList(value, sink, unit, pad);
    return;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") {
    writeValue(withToJson.toJSON(), sink, unit, pad);
    return;
  }
  const inner = pad + unit;
  const nl = unit === "" ? "" : "\n";
  const colon = unit === "" ? ":" : ": ";
  // Plain loops, no entry arrays or callbacks: report.json can hold millions of values.
  if (Array.isArray(value)) {
    writeList(value, sink, unit, pad);
    return;
  }
  const record = value as Record<string, unknown>;
  // Scalar members are gathered and written with the next nested value or the closing brace:
  // one write per object of scalars instead of two per member.
  let text = "";
  let written = 0;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (isSkipped(item)) continue;
    text += (written === 0 ? "{" + nl : "," + nl) + inner + keyText(key) + colon;
    written++;
    const itemText = scalarText(item);
    if (itemText !== undefined) {
      text += itemText;
      continue;
    }
    sink.write(text);
    text = "";
    writeValue(item, sink, unit, inner);
  }
  sink.write(written === 0 ? "{}" : text + nl + pad + "}");
}

/** A JSON array from an array or a {@link LazyList}. */
function writeList(
  list: readonly unknown[] | LazyList<unknown>,
  sink: TextSink,
  unit: string,
  pad: string,
): void {
  const length = list.length;
  if (length === 0) {
    sink.write("[]");
    return;
  }
  const inner = pad + unit;
  const nl = unit === "" ? "" : "\n";
  sink.write("[" + nl);
  for (let from = 0; from < length; from += NATIVE_BLOCK_ITEMS) {
    const to = Math.min(length, from + NATIVE_BLOCK_ITEMS);
    const block =
      Array.isArray(list) && unit.length <= MAX_NATIVE_INDENT
        ? nativeBlock(list, from, to, unit, inner)
        : undefined;
    if (block !== undefined) {
      // Three writes, not one concatenation: the sink encodes a long block as it is.
      sink.write(inner);
      sink.write(block);
      sink.write(to < length ? "," + nl : nl);
      continue;
    }
    for (let i = from; i < to; i++) {
      sink.write(inner);
      writeValue(list instanceof LazyList ? list.item(i) : list[i], sink, unit, inner);
      sink.write(i < length - 1 ? "," + nl : nl);
    }
  }
  sink.write(pad + "]");
}

/** Items of a long array handed to JSON.stringify at once, when it writes them as writeValue would. */
const NATIVE_BLOCK_ITEMS = 256;
/** JSON.stringify indents by at most 10 characters. */
const MAX_NATIVE_INDENT = 10;
/** Deeper values are left to writeValue, which sees them through in the same way. */
const MAX_NATIVE_DEPTH = 32;

/**
 * `list[from, to)` as writeList writes those items (the first without its indentation, items
 * joined by `,` and a new line), made by `JSON.stringify`, which builds the text natively: or
 * undefined when an item holds something it would write differently ({@link nativeSafe}).
 */
function nativeBlock(
  list: readonly unknown[],
  from: number,
  to: number,
  unit: string,
  inner: string,
): string | undefined {
  for (let i = from; i < to; i++) if (!nativeSafe(list[i], 0)) return undefined;
  // Nested in arrays so that JSON.stringify indents the items as deep as `inner`.
  const depth = unit === "" ? 1 : inner.length / unit.length;
  let wrapped: unknown = list.slice(from, to);
  for (let level = 1; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, unit);
  const cut = wrapperCut(unit, depth);
  return text.slice(cut.head, text.length - cut.tail);
}

const wrapperCuts = new Map<string, { head: number; tail: number }>();

/** Characters before the first item and after the last of {@link nativeBlock}'s wrapped text. */
function wrapperCut(unit: string, depth: number): { head: number; tail: number } {
  const key = `${unit.length}:${depth}`;
  let cut = wrapperCuts.get(key);
  if (cut === undefined) {
    let wrapped: unknown = [0];
    for (let level = 1; level < depth; level++) wrapped = [wrapped];
    const text = JSON.stringify(wrapped, null, unit);
    const head = text.indexOf("0");
    cut = { head, tail: text.length - head - 1 };
    wrapperCuts.set(key, cut);
  }
  return cut;
}

/**
 * True when `JSON.stringify` writes `value` exactly as {@link writeValue} does: objects and
 * arrays (no toJSON, no boxed primitives, which JSON.stringify unwraps) whose
 * numbers are integers below 1e21 or not finite (others are rounded by formatNumber), no
 * bigint (writeValue's own error), nesting within {@link MAX_NATIVE_DEPTH}.
 */
function nativeSafe(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
    case "function":
    case "symbol":
      return true;
    case "number":
      return Number.isInteger(value) ? Math.abs(value) < 1e21 : !Number.isFinite(value);
    case "bigint":
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_NATIVE_DEPTH) return false;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!nativeSafe(value[i], depth + 1)) return false;
    return true;
  }
  // Class instances are written by their own keys either way; boxed primitives are not.
  if (
    proto !== Object.prototype &&
    (value instanceof Number ||
      value instanceof String ||
      value instanceof Boolean ||
      value instanceof BigInt)
  ) {
    return false;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === "function") return false;
  // for-in, not Object.keys: no key array per object (report.json checks hundreds of thousands).
  // It also visits inherited enumerable keys, which JSON.stringify skips: checking more values
  // than are written can only say "not safe" more often, never wrongly "safe".
  for (const key in record) if (!nativeSafe(record[key], depth + 1)) return false;
  return true;
}
