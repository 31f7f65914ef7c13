/**
 * Readers for Kubernetes manifest fields that report problems as the API server does
 * (`<path>: Invalid value: -1: must be greater than or equal to 0`), plus the shared name,
 * label and quantity checks of apimachinery. Used by job-manifest.ts and cronjob-manifest.ts.
 */
import { SECOND } from "../engine/time.js";
import { MAX_DURATION, MAX_DURATION_TEXT } from "../engine/time-range.js";
import type { Labels } from "../k8s/types.js";
import { type Diagnostics, k8sError } from "./errors.js";
import type { YValue } from "./yaml-source.js";

/** Report a field error whose body is already in `field.Error` form. */
export function fieldError(d: Diagnostics, v: YValue, body: string): void {
  d.error(v.location(), v.path, body);
}

export const MIN_INT32 = -2_147_483_648;
export const MAX_INT32 = 2_147_483_647;

/** True for an integer a Go int32 holds. */
export function isInt32(x: number): boolean {
  return Number.isInteger(x) && x >= MIN_INT32 && x <= MAX_INT32;
}

/** Exit codes are int32 (ContainerStateTerminated.ExitCode); Windows containers report negative ones. */
export const EXIT_CODE_HINT = `an exit code from ${MIN_INT32} to ${MAX_INT32}`;
/** What a failure model's exit code must be: 0 would be a success. */
export const FAILING_EXIT_CODE_HINT = `a failing exit code: an integer from ${MIN_INT32} to ${MAX_INT32} other than 0`;

/**
 * An int32 field (most counts and limits of the batch API): null when unset; null (and reported)
 * when not an integer or outside [`min` (int32's least when null), `max`]. `aboveMax` is the
 * message for a value above `max`.
 */
export function readInt(
  d: Diagnostics,
  v: YValue,
  min: number | null = 0,
  max = MAX_INT32,
  aboveMax = `must be less than or equal to ${max}`,
): number | null {
  if (v.isUnset) return null;
  const x = v.scalar;
  if (typeof x !== "number" || !Number.isSafeInteger(x)) {
    fieldError(d, v, k8sError.invalid(x ?? v.describe(), "must be an integer"));
    return null;
  }
  const least = min ?? MIN_INT32;
  if (x < least) {
    fieldError(d, v, k8sError.invalid(x, `must be greater than or equal to ${least}`));
    return null;
  }
  if (x > max) {
    fieldError(d, v, k8sError.invalid(x, aboveMax));
    return null;
  }
  return x;
}

/** The most seconds an int64 seconds field may hold in jobsim: its longest duration. */
export const MAX_SECONDS = MAX_DURATION / SECOND;

/**
 * An int64 seconds field (deadlines, grace periods): as {@link readInt}, but bounded by the
 * longest duration jobsim simulates instead of int32, so that `seconds * 1000` added to any
 * instant stays a safe integer. The API server would take more; no simulation could tell.
 */
export function readSeconds(d: Diagnostics, v: YValue, min = 0): number | null {
  const why = `must be less than or equal to ${MAX_SECONDS} (jobsim simulates at most ${MAX_DURATION_TEXT})`;
  return readInt(d, v, min, MAX_SECONDS, why);
}

/** A string field: null when unset; null (and reported) when not a string. */
export function readStr(d: Diagnostics, v: YValue): string | null {
  if (v.isUnset) return null;
  if (typeof v.scalar === "string") return v.scalar;
  fieldError(d, v, k8sError.invalid(v.scalar ?? v.describe(), "must be a string"));
  return null;
}

/** A boolean field: null when unset; null (and reported) when not true/false. */
export function readBool(d: Diagnostics, v: YValue): boolean | null {
  if (v.isUnset) return null;
  if (typeof v.scalar === "boolean") return v.scalar;
  fieldError(d, v, k8sError.invalid(v.scalar ?? v.describe(), "must be a boolean"));
  return null;
}

/** One of `supported`: null when unset; null (and reported) otherwise. */
export function readEnum<T extends string>(d: Diagnostics, v: YValue, supported: readonly T[]): T | null {
  if (v.isUnset) return null;
  const x = v.scalar;
  if (typeof x === "string" && (supported as readonly string[]).includes(x)) return x as T;
  fieldError(d, v, k8sError.notSupported(x ?? v.describe(), supported));
  return null;
}

/** True when `v` is a mapping or unset; reports anything else. */
export function expectObject(d: Diagnostics, v: YValue): boolean {
  if (v.isUnset || v.kind === "map") return true;
  fieldError(d, v, k8sError.invalid(v.scalar ?? v.describe(), "must be an object"));
  return false;
}

/** True when `v` is a list or unset; reports anything else. */
export function expectList(d: Diagnostics, v: YValue): boolean {
  if (v.isUnset || v.kind === "seq") return true;
  fieldError(d, v, k8sError.invalid(v.scalar ?? v.describe(), "must be a list"));
  return false;
}

/** Warn about keys of `v` that no known field matches (the API server's strict-field warning). */
export function warnUnknownFields(d: Diagnostics, v: YValue, known: readonly string[]): void {
  for (const { key, value } of v.fieldEntries()) {
    if (!known.includes(key)) d.warn(value.keyLocation(), value.path, `unknown field "${key}" (ignored)`);
  }
}

const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** apimachinery's message for a bad RFC 1123 label. */
export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/** apimachinery's message for a bad RFC 1123 subdomain. */
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Problems of `name` as an RFC 1123 label (at most 63 characters), as apimachinery words them. */
export function dns1123LabelProblems(name: string): string[] {
  const out: string[] = [];
  if (name.length > 63) out.push("must be no more than 63 characters");
  if (!DNS1123_LABEL_RE.test(name)) out.push(DNS1123_LABEL_MSG);
  return out;
}

/** Problems of `name` as an RFC 1123 subdomain of at most `max` characters. */
export function dns1123SubdomainProblems(name: string, max = 253): string[] {
  const out: string[] = [];
  if (name.length > max) out.push(`must be no more than ${max} characters`);
  if (!DNS1123_SUBDOMAIN_RE.test(name)) out.push(DNS1123_SUBDOMAIN_MSG);
  return out;
}

const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const LABEL_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Problems of a qualified name such as `app` or `example.com/tier` (label keys, condition types). */
export function qualifiedNameProblems(name: string): string[] {
  const parts = name.split("/");
  if (parts.length > 2)
    return ["a qualified name must consist of an optional DNS subdomain prefix and a name part"];
  const local = parts[parts.length - 1]!;
  const out: string[] = [];
  if (parts.length === 2) {
    if (parts[0] === "") out.push("prefix part must be non-empty");
    else out.push(...dns1123SubdomainProblems(parts[0]!).map((p) => `prefix part ${p}`));
  }
  if (local.length === 0) out.push("name part must be non-empty");
  else {
    if (local.length > 63) out.push("name part must be no more than 63 characters");
    if (!LABEL_NAME_RE.test(local)) out.push(LABEL_NAME_MSG);
  }
  return out;
}

/** A `labels`/`annotations` map of strings; label keys and values checked when `labels` is set. */
export function readStringMap(d: Diagnostics, v: YValue, labels: boolean): Labels {
  const out: Labels = {};
  if (v.isUnset || !expectObject(d, v)) return out;
  for (const { key, value } of v.entries()) {
    const x = value.scalar;
    if (typeof x !== "string") {
      // YAML reads `version: 1` as a number; the API server refuses it when decoding.
      fieldError(d, value, k8sError.invalid(x ?? value.describe(), "must be a string (quote it in YAML)"));
      continue;
    }
    if (labels) {
      for (const p of qualifiedNameProblems(key)) fieldError(d, value, k8sError.invalid(key, p));
      if (x.length > 63) fieldError(d, value, k8sError.invalid(x, "must be no more than 63 characters"));
      if (!LABEL_VALUE_RE.test(x)) fieldError(d, value, k8sError.invalid(x, LABEL_VALUE_MSG));
    }
    out[key] = x;
  }
  return out;
}

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** apimachinery's message for a malformed quantity. */
export const QUANTITY_MSG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** A resource quantity (`500m` → 0.5, `1Gi` → 1073741824, `1e3` → 1000), or undefined when malformed. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY_RE.exec(text.trim());
  if (m === null) return undefined;
  const base = Number(m[1]);
  if (!Number.isFinite(base)) return undefined;
  const suffix = m[2]!;
  const scale = QUANTITY_SUFFIX[suffix];
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  const q = scale !== undefined ? base * scale : exp === null ? undefined : base * 10 ** Number(exp[1]);
  // `1e400` matches the grammar but is no number jobsim can compare: refused as malformed.
  return q !== undefined && Number.isFinite(q) ? q : undefined;
}

/**
 * A quantity written as a YAML number (`cpu: 2`, `cpu: 0.5`) or string (`500m`, `1Gi`): the
 * API server reads both as the quantity's text, so a number must print as a quantity too.
 * `.nan` and `.inf` do not (YAML numbers, but not quantities). Undefined when malformed.
 */
export function quantityOf(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? parseQuantity(String(raw)) : undefined;
  return typeof raw === "string" ? parseQuantity(raw) : undefined;
}
