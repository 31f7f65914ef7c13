import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toJson } from "../../../src/report/format.js";
import { aggregate, type RunRecord, type SweepConfig } from "../../../src/sweep/aggregate.js";
import { writeRunsCsv, writeSweepCsv } from "../../../src/sweep/files.js";
import { outcomeDefinitions } from "../../../src/sweep/outcomes.js";
import { mergePartials, type SweepPartial, toPartial } from "../../../src/sweep/partial.js";
import { inShard } from "../../../src/sweep/plan.js";

function text(write: (sink: { write(chunk: string): void }) => void): string {
  let out = "";
  write({ write: (chunk) => (out += chunk) });
  return out;
}

const SCENARIO = {
  name: "s",
  sha256: "ab",
  start: "2026-01-01T00:00:00.000Z",
  end: "2026-01-02T00:00:00.000Z",
};

describe("sweep.csv and runs.csv", () => {
  it("a column per grid parameter, values as written; outcomes as rows of kind outcome", () => {
    const config: SweepConfig = {
      scenario: SCENARIO,
      seeds: [1, 2],
      points: [
        {
          id: "p0",
          params: { "Job/a.spec.parallelism": 10, "CronJob/b.spec.startingDeadlineSeconds": null },
        },
        { id: "p1", params: { "Job/a.spec.parallelism": 20, "CronJob/b.spec.startingDeadlineSeconds": 200 } },
        {
          id: "p2",
          params: { "Job/a.spec.parallelism": "x,y", "CronJob/b.spec.startingDeadlineSeconds": { a: [1] } },
        },
      ],
      outcomes: outcomeDefinitions([], false),
    };
    const runs: RunRecord[] = [0, 1, 2].flatMap((point) =>
      [1, 2].map((seed) => ({
        point,
        seed,
        metrics: {
          names: ["jobs.failed", "wait.pod.p99"],
          values: [seed - 1, point === 2 ? null : 1.5],
          warnings: [],
        },
      })),
    );
    const { report, table } = aggregate(config, runs);
    expect(text((s) => writeSweepCsv(s, report)).split("\n")).toEqual([
      "point,Job/a.spec.parallelism,CronJob/b.spec.startingDeadlineSeconds,kind,metric,n,mean,sd,min,p5,p50,p95,max,ci95Low,ci95High",
      "p0,10,,metric,jobs.failed,2,0.5,0.707107,0,0,0,1,1,-5.853102,6.853102",
      "p0,10,,metric,wait.pod.p99,2,1.5,0,1.5,1.5,1.5,1.5,1.5,1.5,1.5",
      "p0,10,,outcome,P(jobs.failed>0),2,0.5,,,,,,,0.094531,0.905469",
      "p1,20,200,metric,jobs.failed,2,0.5,0.707107,0,0,0,1,1,-5.853102,6.853102",
      "p1,20,200,metric,wait.pod.p99,2,1.5,0,1.5,1.5,1.5,1.5,1.5,1.5,1.5",
      "p1,20,200,outcome,P(jobs.failed>0),2,0.5,,,,,,,0.094531,0.905469",
      'p2,"x,y","{""a"":[1]}",metric,jobs.failed,2,0.5,0.707107,0,0,0,1,1,-5.853102,6.853102',
      'p2,"x,y","{""a"":[1]}",metric,wait.pod.p99,0,,,,,,,,,',
      'p2,"x,y","{""a"":[1]}",outcome,P(jobs.failed>0),2,0.5,,,,,,,0.094531,0.905469',
      "",
    ]);
    expect(
      text((s) => writeRunsCsv(s, table))
        .split("\n")
        .slice(0, 3),
    ).toEqual(["point,seed,jobs.failed,wait.pod.p99", "p0,1,0,1.5", "p0,2,1,1.5"]);
  });
});

describe("shards merged give what one machine gives", () => {
  const NAMES = ["jobs.failed", "jobs.failedByReason.A", "jobs.failedByReason.B", "duration.job.max", "x"];
  /** A run's metrics: some of NAMES (in their order), each a value or null. */
  const metricsArb = fc
    .array(fc.tuple(fc.boolean(), fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => n / 8))), {
      minLength: NAMES.length,
      maxLength: NAMES.length,
    })
    .map((cells) => {
      const names: string[] = [];
      const values: (number | null)[] = [];
      cells.forEach(([present, value], i) => {
        if (present || i === 0) {
          names.push(NAMES[i]!);
          values.push(value);
        }
      });
      return { names, values, warnings: [] };
    });

  it("for any runs and any number of shards, the report and runs table are the same bytes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.infiniteStream(metricsArb),
        (points, seedCount, shards, stream) => {
          const seeds = Array.from({ length: seedCount }, (_, i) => 100 + i);
          const config: SweepConfig = {
            scenario: SCENARIO,
            seeds,
            points: Array.from({ length: points }, (_, p) => ({ id: `p${p}`, params: { k: p } })),
            outcomes: outcomeDefinitions([], true),
          };
          const iterator = stream[Symbol.iterator]();
          const runs: RunRecord[] = [];
          for (let p = 0; p < points; p++) {
            for (const seed of seeds) runs.push({ point: p, seed, metrics: iterator.next().value! });
          }
          const whole = aggregate(config, runs);
          const partials = Array.from({ length: shards }, (_, index) => {
            const shard = { index, count: shards };
            const mine = runs.filter((_, i) => inShard(i, shard));
            // Through JSON text, as sim merge reads it back.
            const partial = JSON.parse(toJson(toPartial(config, shard, mine, []), 0)) as SweepPartial;
            return { file: `shard-${index}`, partial };
          });
          const merged = mergePartials(partials.reverse());
          expect(toJson(merged.report)).toBe(toJson(whole.report));
          expect(text((s) => writeRunsCsv(s, merged.table))).toBe(text((s) => writeRunsCsv(s, whole.table)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
