/**
 * The bits of Go's standard library whose behaviour and error texts robfig's errors wrap:
 * `strconv.Atoi`, `strconv.Quote`, `time.ParseDuration` and the time package's `quote`.
 * Re-typed from their documented behaviour; big values use bigint, as Go uses 64-bit ints.
 */

/** 2^63: one past Go's largest int64. */
export const INT64_LIMIT = 1n << 63n;

/** Go `strconv.Atoi` on a 64-bit platform: the value, or the `*NumError` text. */
export function goAtoi(s: string): bigint | string {
  const fail = (why: string): string => `strconv.Atoi: parsing ${goStrconvQuote(s)}: ${why}`;
  let body = s;
  const neg = body[0] === "-";
  if (neg || body[0] === "+") body = body.slice(1);
  if (body === "") return fail("invalid syntax");
  let n = 0n;
  for (const ch of body) {
    if (ch < "0" || ch > "9") return fail("invalid syntax");
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    // ParseUint reports overflow as soon as the value leaves uint64, before later bad bytes.
    if (n >= 1n << 64n) return fail("value out of range");
  }
  if ((!neg && n >= INT64_LIMIT) || (neg && n > INT64_LIMIT)) return fail("value out of range");
  return neg ? -n : n;
}

/** Go `strconv.Quote`, close enough for cron tokens (non-printables escaped as \u/\x). */
function goStrconvQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (cp < 0x20 || cp === 0x7f) {
      const named: Record<number, string> = { 7: "a", 8: "b", 12: "f", 10: "n", 13: "r", 9: "t", 11: "v" };
      out += named[cp] !== undefined ? `\\${named[cp]}` : `\\x${cp.toString(16).padStart(2, "0")}`;
    } else if (cp >= 0x80 && /[\p{C}\p{Z}]/u.test(ch)) {
      out +=
        cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + '"';
}

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  "\u00b5s": 1000n,
  "\u03bcs": 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go `time.ParseDuration`: nanoseconds, or the error text. */
export function goParseDuration(orig: string): bigint | string {
  const invalid = `time: invalid duration ${goTimeQuote(orig)}`;
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return invalid;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
  let d = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return invalid;
    let i = 0;
    let v = 0n;
    for (; isDigit(s[i]); i++) {
      if (v > INT64_LIMIT / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > INT64_LIMIT) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === ".") {
      s = s.slice(1);
      let overflow = false;
      for (i = 0; isDigit(s[i]); i++) {
        if (overflow) continue;
        const y = f * 10n + BigInt(s.charCodeAt(i) - 48);
        if (f > (INT64_LIMIT - 1n) / 10n || y > INT64_LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = i > 0;
      s = s.slice(i);
    }
    if (!pre && !post) return invalid;
    for (i = 0; i < s.length && s[i] !== "." && !isDigit(s[i]); i++);
    if (i === 0) return `time: missing unit in duration ${goTimeQuote(orig)}`;
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = Object.hasOwn(UNIT_NS, u) ? UNIT_NS[u] : undefined;
    if (unit === undefined) return `time: unknown unit ${goTimeQuote(u)} in duration ${goTimeQuote(orig)}`;
    if (v > INT64_LIMIT / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      // Go does this step in float64 too ("nanosecond accurate for fractions of hours").
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > INT64_LIMIT) return invalid;
    }
    d += v;
    if (d > INT64_LIMIT) return invalid;
  }
  if (neg) return -d;
  if (d > INT64_LIMIT - 1n) return invalid;
  return d;
}

/** The `quote` helper of Go's time package: non-ASCII/control bytes as \xNN. */
function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
  }
  return out + '"';
}
