/**
 * Durations, instants and distributions as written in a scenario, read into integer
 * milliseconds. Durations are strings only: a bare number would leave its unit to a guess.
 */
import { type Millis, parseDuration, parseInstant, type SimTime, secondsToMillis } from "../engine/time.js";
import {
  durationInRange,
  INSTANT_RANGE_TEXT,
  instantInRange,
  MAX_DURATION,
  MAX_DURATION_TEXT,
} from "../engine/time-range.js";
import type { Distribution } from "../rand/distributions.js";
import type { Reader, YValue } from "./yaml-source.js";

/** z(0.99) of the standard normal: ln(p99) = mu + Z99 * sigma for a lognormal. */
export const Z99 = 2.3263478740408408;

/** Reads a file named relative to another one; load.ts provides it (the only place with I/O). */
export type ReadRelative = (fromFile: string, relativePath: string) => { text: string } | { error: string };

const DURATION_HINT = "a duration such as 90s or 1h30m";

/** A duration string (`90s`, `1h30m`, `1.5h`, `500ms`, `2d`, `1w`) in ms, or undefined (reported). */
export function readDuration(r: Reader, v: YValue): Millis | undefined {
  if (v.isUnset) return undefined;
  const text = v.scalar;
  const ms = typeof text === "string" ? parseDuration(text.trim()) : undefined;
  if (ms === undefined) {
    r.error(v, `expected ${DURATION_HINT}, got ${v.describe()}`);
    return undefined;
  }
  if (!durationInRange(ms)) {
    r.error(v, `expected a duration of at most ${MAX_DURATION_TEXT}, got ${v.describe()}`);
    return undefined;
  }
  return ms;
}

/** A duration that must be greater than zero. */
export function readPositiveDuration(r: Reader, v: YValue): Millis | undefined {
  const ms = readDuration(r, v);
  if (ms === undefined) return undefined;
  if (ms > 0) return ms;
  r.error(v, `expected a duration greater than 0, got ${v.describe()}`);
  return undefined;
}

/** An RFC 3339 instant, or a duration read as an offset from `start`; either within the simulated span. */
export function readInstant(r: Reader, v: YValue, start: SimTime): SimTime | undefined {
  if (v.isUnset) return undefined;
  const text = v.scalar;
  if (typeof text === "string") {
    const offset = parseDuration(text.trim());
    const t = parseInstant(text.trim()) ?? (offset === undefined ? undefined : start + offset);
    if (t !== undefined) return checkInstantInRange(r, v, t);
  }
  r.error(
    v,
    `expected an RFC 3339 instant such as 2026-03-01T02:00:00Z or an offset from spec.start such as 2h, got ${v.describe()}`,
  );
  return undefined;
}

/** `t` when jobsim can simulate and write it; otherwise undefined (reported at `v`). */
export function checkInstantInRange(r: Reader, v: YValue, t: SimTime): SimTime | undefined {
  if (instantInRange(t)) return t;
  r.error(v, `expected a time ${INSTANT_RANGE_TEXT}, got ${v.describe()}`);
  return undefined;
}

/** The allowed rates, for error messages. */
const RATE_RANGE_TEXT = `from one per ${MAX_DURATION_TEXT} to one per ms`;

/**
 * `meanGap` (ms), the mean gap between events of a rate written at `v`, when it lies from 1 ms to
 * MAX_DURATION; otherwise undefined (reported). A longer gap is no duration jobsim can schedule; a
 * shorter one puts nearly every event at the same millisecond, so simulated time would stop.
 */
export function checkMeanGap(r: Reader, v: YValue, meanGap: number): Millis | undefined {
  if (meanGap >= 1 && meanGap <= MAX_DURATION) return meanGap;
  r.error(v, `expected a rate ${RATE_RANGE_TEXT}, got ${v.describe()}`);
  return undefined;
}

export const DISTRIBUTION_KINDS = [
  "constant",
  "uniform",
  "exponential",
  "normal",
  "lognormal",
  "weibull",
  "shiftedExponential",
  "empirical",
  "mixture",
] as const;

/**
 * A distribution: a duration (constant) or a one-key object naming the kind. Parameters are
 * converted to ms; lognormal becomes mu/sigma of ln(ms). Returns undefined when anything is bad
 * (every problem reported, each at its own field).
 */
export function readDistribution(r: Reader, v: YValue, readRelative: ReadRelative): Distribution | undefined {
  if (v.isUnset) return undefined;
  if (v.kind === "scalar") {
    if (typeof v.scalar !== "string") {
      r.error(
        v,
        `expected ${DURATION_HINT} or a distribution such as {uniform: {min: 1m, max: 5m}}, got ${v.describe()}`,
      );
      return undefined;
    }
    const value = readDuration(r, v);
    return value === undefined ? undefined : { kind: "constant", value };
  }
  if (v.kind !== "map") {
    r.error(
      v,
      `expected ${DURATION_HINT} or a one-key mapping such as {exponential: {mean: 5m}}, got ${v.describe()}`,
    );
    return undefined;
  }
  const entries = v.entries(true);
  if (entries.length !== 1) {
    r.error(v, `expected exactly one of ${DISTRIBUTION_KINDS.join(", ")}, got ${entries.length} keys`);
    return undefined;
  }
  const { key, value: p } = entries[0]!;
  switch (key) {
    case "constant": {
      const value = readRequiredDuration(r, p);
      return value === undefined ? undefined : { kind: "constant", value };
    }
    case "uniform":
      return readUniform(r, p);
    case "exponential": {
      if (!params(r, p, ["mean"])) return undefined;
      const mean = readRequiredPositive(r, p.get("mean"));
      return mean === undefined ? undefined : { kind: "exponential", mean };
    }
    case "normal": {
      if (!params(r, p, ["mean", "stddev"])) return undefined;
      const mean = readRequiredDuration(r, p.get("mean"));
      const stddev = readRequiredDuration(r, p.get("stddev"));
      return mean === undefined || stddev === undefined ? undefined : { kind: "normal", mean, stddev };
    }
    case "lognormal":
      return readLognormal(r, p);
    case "weibull": {
      if (!params(r, p, ["shape", "scale"])) return undefined;
      const shapeV = p.get("shape");
      const shape = r.required(shapeV, "a number greater than 0")
        ? positiveNumber(r, shapeV, "a number greater than 0")
        : undefined;
      const scale = readRequiredPositive(r, p.get("scale"));
      if (shape === undefined || scale === undefined) return undefined;
      // A small shape stretches the tail without bound: p99 = scale * ln(100)^(1/shape).
      if (!(scale * Math.log(100) ** (1 / shape) <= MAX_DURATION)) {
        r.error(
          shapeV,
          `expected a shape that keeps p99 (scale × ln(100)^(1/shape)) within ${MAX_DURATION_TEXT}, got ${shapeV.describe()}`,
        );
        return undefined;
      }
      return { kind: "weibull", shape, scale };
    }
    case "shiftedExponential": {
      if (!params(r, p, ["min", "mean"])) return undefined;
      const min = readRequiredDuration(r, p.get("min"));
      const mean = readRequiredPositive(r, p.get("mean"));
      if (min === undefined || mean === undefined) return undefined;
      // `mean` is the mean of the whole distribution (the tail's mean is mean - min), as the sampler reads it.
      if (mean <= min) {
        r.error(
          p.get("mean"),
          `expected mean greater than min (${p.get("min").scalar}), got ${p.get("mean").describe()}`,
        );
        return undefined;
      }
      return { kind: "shiftedExponential", min, mean };
    }
    case "empirical":
      return readEmpirical(r, p, readRelative);
    case "mixture":
      return readMixture(r, p, readRelative);
    default:
      r.diag.error(
        p.keyLocation(),
        p.path,
        `unknown distribution, expected one of ${DISTRIBUTION_KINDS.join(", ")}`,
      );
      return undefined;
  }
}

function params(r: Reader, p: YValue, known: readonly string[]): boolean {
  if (p.kind !== "map") {
    r.error(p, `expected a mapping with ${known.join(", ")}, got ${p.describe()}`);
    return false;
  }
  r.knownFields(p, known);
  return true;
}

function readRequiredDuration(r: Reader, v: YValue): Millis | undefined {
  return r.required(v, DURATION_HINT) ? readDuration(r, v) : undefined;
}

function readRequiredPositive(r: Reader, v: YValue): Millis | undefined {
  return r.required(v, "a duration greater than 0") ? readPositiveDuration(r, v) : undefined;
}

function positiveNumber(r: Reader, v: YValue, what: string): number | undefined {
  const x = r.number(v, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, what);
  if (x === undefined) return undefined;
  if (x > 0) return x;
  r.error(v, `expected ${what}, got ${v.describe()}`);
  return undefined;
}

function readUniform(r: Reader, p: YValue): Distribution | undefined {
  if (!params(r, p, ["min", "max"])) return undefined;
  const min = readRequiredDuration(r, p.get("min"));
  const max = readRequiredDuration(r, p.get("max"));
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    r.error(p.get("max"), `expected max >= min (${p.get("min").scalar}), got ${p.get("max").describe()}`);
    return undefined;
  }
  return { kind: "uniform", min, max };
}

function readLognormal(r: Reader, p: YValue): Distribution | undefined {
  if (p.kind !== "map") {
    r.error(p, `expected {median, sigma} or {p50, p99}, got ${p.describe()}`);
    return undefined;
  }
  if (!p.get("p50").isUnset || !p.get("p99").isUnset) {
    r.knownFields(p, ["p50", "p99"]);
    const p50 = readRequiredPositive(r, p.get("p50"));
    const p99 = readRequiredPositive(r, p.get("p99"));
    if (p50 === undefined || p99 === undefined) return undefined;
    if (p99 <= p50) {
      r.error(
        p.get("p99"),
        `expected p99 greater than p50 (${p.get("p50").scalar}) so that sigma > 0, got ${p.get("p99").describe()}`,
      );
      return undefined;
    }
    const mu = Math.log(p50);
    return { kind: "lognormal", mu, sigma: (Math.log(p99) - mu) / Z99 };
  }
  r.knownFields(p, ["median", "sigma"]);
  const median = readRequiredPositive(r, p.get("median"));
  const sigmaV = p.get("sigma");
  const sigma = r.required(sigmaV, "a number greater than 0")
    ? positiveNumber(r, sigmaV, "a number greater than 0")
    : undefined;
  if (median === undefined || sigma === undefined) return undefined;
  const mu = Math.log(median);
  // sigma has no unit, so no duration bounds it: a huge one makes exp(mu + z * sigma) Infinity.
  // Bounding p99 keeps every quantile a report shows a real duration; draws further out in the
  // tail are capped by the sampler (sampleMillis).
  const maxSigma = (Math.log(MAX_DURATION) - mu) / Z99;
  if (sigma > maxSigma) {
    r.error(
      sigmaV,
      `expected a number greater than 0 and at most ${Math.floor(maxSigma * 1000) / 1000} for median ${p.get("median").describe()} (p99 = median × e^(2.326 × sigma) must stay within ${MAX_DURATION_TEXT}), got ${sigmaV.describe()}`,
    );
    return undefined;
  }
  return { kind: "lognormal", mu, sigma };
}

function readEmpirical(r: Reader, p: YValue, readRelative: ReadRelative): Distribution | undefined {
  if (p.kind !== "map") {
    r.error(p, `expected {samples: [...]} or {file, column}, got ${p.describe()}`);
    return undefined;
  }
  if (!p.get("samples").isUnset) {
    r.knownFields(p, ["samples"]);
    const list = p.get("samples");
    if (!r.seq(list)) return undefined;
    const items = list.items();
    if (items.length === 0) {
      r.error(list, "expected at least one sample");
      return undefined;
    }
    let ok = true;
    const samples: Millis[] = [];
    for (const item of items) {
      const ms = readDuration(r, item);
      if (ms === undefined) ok = false;
      else samples.push(ms);
    }
    return ok ? { kind: "empirical", samples: samples.sort((a, b) => a - b) } : undefined;
  }
  r.knownFields(p, ["file", "column"]);
  const fileV = p.get("file");
  if (!r.required(fileV, "samples: [...] or a CSV file name")) return undefined;
  const file = r.string(fileV, "a CSV file name");
  const column = r.string(p.get("column"), "a column name of the CSV header");
  if (file === undefined) return undefined;
  const read = readRelative(fileV.file, file);
  if ("error" in read) {
    r.error(fileV, read.error);
    return undefined;
  }
  const samples = samplesFromCsv(read.text, column ?? null);
  if ("error" in samples) {
    r.error(
      samples.atColumn && !p.get("column").isUnset ? p.get("column") : fileV,
      `${file}: ${samples.error}`,
    );
    return undefined;
  }
  return { kind: "empirical", samples: samples.values };
}

/**
 * Durations in seconds from one column of a CSV with a header row, as sorted ms. With a single
 * column the name may be omitted. Quoted cells are not supported (durations never need them).
 * Messages give line and column numbers but never a cell or header name: the CSV is not part of
 * the scenario, and its content is not repeated back.
 */
export function samplesFromCsv(
  text: string,
  column: string | null,
): { values: Millis[] } | { error: string; atColumn: boolean } {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ text: l, number: i + 1 }))
    .filter((l) => l.text.trim() !== "");
  if (lines.length < 2)
    return { error: "expected a header row and at least one row of samples", atColumn: false };
  const header = lines[0]!.text.split(",").map((h) => h.trim());
  const width = `${header.length} column${header.length === 1 ? "" : "s"}`;
  let col = 0;
  if (column === null) {
    if (header.length !== 1) {
      return { error: `name a column: the header row has ${width}`, atColumn: false };
    }
  } else {
    col = header.indexOf(column);
    if (col < 0) {
      return { error: `no column ${JSON.stringify(column)} in the header row (${width})`, atColumn: true };
    }
  }
  const values: Millis[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cell = (lines[i]!.text.split(",")[col] ?? "").trim();
    const seconds = cell === "" ? Number.NaN : Number(cell);
    if (!Number.isFinite(seconds) || seconds < 0) {
      return {
        error: `line ${lines[i]!.number}, column ${col + 1}: expected a number of seconds >= 0`,
        atColumn: false,
      };
    }
    const ms = Math.round(secondsToMillis(seconds));
    if (!durationInRange(ms)) {
      return {
        error: `line ${lines[i]!.number}, column ${col + 1}: expected at most ${MAX_DURATION / 1000} seconds (${MAX_DURATION_TEXT})`,
        atColumn: false,
      };
    }
    values.push(ms);
  }
  return { values: values.sort((a, b) => a - b) };
}

function readMixture(r: Reader, p: YValue, readRelative: ReadRelative): Distribution | undefined {
  if (!r.seq(p)) return undefined;
  const items = p.items();
  if (items.length === 0) {
    r.error(p, "expected at least one component {weight, dist}");
    return undefined;
  }
  let ok = true;
  const components: { weight: number; dist: Distribution }[] = [];
  for (const item of items) {
    if (!r.map(item)) {
      ok = false;
      continue;
    }
    r.knownFields(item, ["weight", "dist"]);
    const weightV = item.get("weight");
    const weight = r.required(weightV, "a number greater than 0")
      ? positiveNumber(r, weightV, "a weight greater than 0")
      : undefined;
    const distV = item.get("dist");
    const dist = r.required(distV, "a distribution") ? readDistribution(r, distV, readRelative) : undefined;
    if (weight === undefined || dist === undefined) ok = false;
    else components.push({ weight, dist });
  }
  // Each weight is finite, but their sum must be too: the sampler scales a draw by it.
  if (ok && !Number.isFinite(components.reduce((sum, c) => sum + c.weight, 0))) {
    r.error(p, "expected weights whose sum is a finite number");
    return undefined;
  }
  return ok ? { kind: "mixture", components } : undefined;
}
