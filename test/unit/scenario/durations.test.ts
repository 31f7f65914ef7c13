import { describe, expect, it } from "vitest";
import {
  type ReadRelative,
  readDistribution,
  readInstant,
  samplesFromCsv,
  Z99,
} from "../../../src/scenario/durations.js";
import { Diagnostics } from "../../../src/scenario/errors.js";
import { parseYamlFile, Reader } from "../../../src/scenario/yaml-source.js";

const files: Record<string, string> = { "s/d.csv": "seconds,other\n2,x\n1.5,y\n", "s/one.csv": "t\n3\n" };
const readRelative: ReadRelative = (from, rel) => {
  const p = `${from.slice(0, from.lastIndexOf("/") + 1)}${rel}`;
  return p in files ? { text: files[p]! } : { error: `cannot read ${p}: no such file or directory` };
};

/** Read `d: <yaml>` from s/x.yaml; returns the distribution or the formatted errors. */
function dist(yaml: string) {
  const diag = new Diagnostics();
  const [doc] = parseYamlFile("s/x.yaml", `d: ${yaml}\n`, diag);
  const out = readDistribution(new Reader(diag), doc!.root.get("d"), readRelative);
  const errors = diag.errors().map((e) => e.format());
  return errors.length > 0 ? errors : out;
}

describe("distributions", () => {
  it("reads a duration as a constant, in ms", () => {
    expect(dist("90s")).toEqual({ kind: "constant", value: 90_000 });
    expect(dist("1h30m")).toEqual({ kind: "constant", value: 5_400_000 });
    expect(dist("{constant: 1.5h}")).toEqual({ kind: "constant", value: 5_400_000 });
    expect(dist("2d")).toEqual({ kind: "constant", value: 172_800_000 });
  });

  it("rejects a bare number: its unit would be a guess", () => {
    expect(dist("5")).toEqual([
      "s/x.yaml:1:4 d: expected a duration such as 90s or 1h30m or a distribution such as {uniform: {min: 1m, max: 5m}}, got 5",
    ]);
    expect(dist("{constant: 5}")).toEqual([
      "s/x.yaml:1:15 d.constant: expected a duration such as 90s or 1h30m, got 5",
    ]);
  });

  it("reads every kind with parameters in ms", () => {
    expect(dist("{uniform: {min: 1m, max: 10m}}")).toEqual({ kind: "uniform", min: 60_000, max: 600_000 });
    expect(dist("{exponential: {mean: 5m}}")).toEqual({ kind: "exponential", mean: 300_000 });
    expect(dist("{normal: {mean: 5m, stddev: 30s}}")).toEqual({
      kind: "normal",
      mean: 300_000,
      stddev: 30_000,
    });
    expect(dist("{weibull: {shape: 1.5, scale: 10m}}")).toEqual({
      kind: "weibull",
      shape: 1.5,
      scale: 600_000,
    });
    expect(dist("{shiftedExponential: {min: 10s, mean: 1m}}")).toEqual({
      kind: "shiftedExponential",
      min: 10_000,
      mean: 60_000,
    });
    expect(dist("{empirical: {samples: [3s, 1s, 2s]}}")).toEqual({
      kind: "empirical",
      samples: [1000, 2000, 3000],
    });
    expect(dist("{mixture: [{weight: 3, dist: 1s}, {weight: 1, dist: {exponential: {mean: 1m}}}]}")).toEqual({
      kind: "mixture",
      components: [
        { weight: 3, dist: { kind: "constant", value: 1000 } },
        { weight: 1, dist: { kind: "exponential", mean: 60_000 } },
      ],
    });
  });

  it("converts lognormal median/sigma and p50/p99 to mu and sigma over ms", () => {
    expect(dist("{lognormal: {median: 20m, sigma: 0.4}}")).toEqual({
      kind: "lognormal",
      mu: Math.log(1_200_000),
      sigma: 0.4,
    });
    const d = dist("{lognormal: {p50: 1m, p99: 10m}}") as { kind: "lognormal"; mu: number; sigma: number };
    expect(d.mu).toBeCloseTo(Math.log(60_000), 12);
    expect(d.sigma).toBeCloseTo(Math.log(10) / 2.3263478740408408, 12);
    // The 99th percentile comes back: exp(mu + z99 * sigma) = p99.
    expect(Math.exp(d.mu + Z99 * d.sigma)).toBeCloseTo(600_000, 6);
  });

  it("reads empirical samples from a CSV next to the scenario, by column name, in seconds", () => {
    expect(dist("{empirical: {file: d.csv, column: seconds}}")).toEqual({
      kind: "empirical",
      samples: [1500, 2000],
    });
    expect(dist("{empirical: {file: one.csv}}")).toEqual({ kind: "empirical", samples: [3000] });
    expect(dist("{empirical: {file: d.csv, column: secs}}")).toEqual([
      's/x.yaml:1:38 d.empirical.column: d.csv: no column "secs" in the header row (2 columns)',
    ]);
    expect(dist("{empirical: {file: nope.csv}}")).toEqual([
      "s/x.yaml:1:23 d.empirical.file: cannot read s/nope.csv: no such file or directory",
    ]);
    expect(samplesFromCsv("s\n1\n\nx\n", "s")).toEqual({
      error: "line 4, column 1: expected a number of seconds >= 0",
      atColumn: false,
    });
    expect(samplesFromCsv("a,b\n1,2\n", null)).toEqual({
      error: "name a column: the header row has 2 columns",
      atColumn: false,
    });
  });

  it("never repeats a CSV's header names or cells in its messages", () => {
    const secret = "root:x:0:0:root:/root:/bin/bash";
    for (const [text, column] of [
      [`${secret}\n1\n`, "seconds"],
      [`${secret},b\n1,2\n`, null],
      [`s\n${secret}\n`, "s"],
    ] as const) {
      const result = samplesFromCsv(text, column);
      expect("error" in result && result.error).toBeTruthy();
      expect(JSON.stringify(result)).not.toContain("root");
    }
  });

  it("locates bad parameters at their own field", () => {
    expect(dist("{uniform: {min: 10m, max: 1m}}")).toEqual([
      's/x.yaml:1:30 d.uniform.max: expected max >= min (10m), got "1m"',
    ]);
    expect(dist("{lognormal: {median: 1m, sigma: 0}}")).toEqual([
      "s/x.yaml:1:36 d.lognormal.sigma: expected a number greater than 0, got 0",
    ]);
    expect(dist("{lognormal: {p50: 10m, p99: 1m}}")).toEqual([
      's/x.yaml:1:32 d.lognormal.p99: expected p99 greater than p50 (10m) so that sigma > 0, got "1m"',
    ]);
    expect(dist("{mixture: [{weight: 0, dist: 1s}]}")).toEqual([
      "s/x.yaml:1:24 d.mixture[0].weight: expected a weight greater than 0, got 0",
    ]);
    expect(dist("{exponential: {mean: -5m}}")).toEqual([
      's/x.yaml:1:25 d.exponential.mean: expected a duration such as 90s or 1h30m, got "-5m"',
    ]);
    expect(dist("{uniform: {min: 1m, mx: 2m}}")).toEqual([
      "s/x.yaml:1:5 d.uniform.max: required field is missing: expected a duration such as 90s or 1h30m",
      's/x.yaml:1:24 d.uniform.mx: unknown field, did you mean "max"?',
    ]);
    expect(dist("{gamma: {k: 1}}")).toEqual([
      "s/x.yaml:1:5 d.gamma: unknown distribution, expected one of constant, uniform, exponential, normal, lognormal, weibull, shiftedExponential, empirical, mixture",
    ]);
    expect(dist("{shiftedExponential: {min: 1m, mean: 30s}}")).toEqual([
      's/x.yaml:1:41 d.shiftedExponential.mean: expected mean greater than min (1m), got "30s"',
    ]);
  });
});

describe("instants", () => {
  it("reads RFC 3339 or an offset from the start", () => {
    const diag = new Diagnostics();
    const [doc] = parseYamlFile("s/x.yaml", "a: 2026-03-02T01:00:00Z\nb: 90m\nc: 5\n", diag);
    const r = new Reader(diag);
    expect(readInstant(r, doc!.root.get("a"), 0)).toBe(Date.parse("2026-03-02T01:00:00Z"));
    expect(readInstant(r, doc!.root.get("b"), 1000)).toBe(1000 + 90 * 60_000);
    expect(readInstant(r, doc!.root.get("c"), 0)).toBeUndefined();
    expect(diag.errors().map((e) => e.format())).toEqual([
      "s/x.yaml:3:4 c: expected an RFC 3339 instant such as 2026-03-01T02:00:00Z or an offset from spec.start such as 2h, got 5",
    ]);
  });
});
