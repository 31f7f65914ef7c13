import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NODE_NAME } from "../../../src/cluster/scheduler.js";
import { podCsvRow, secondsBetween } from "../../../src/report/csv.js";
import { toJson } from "../../../src/report/format.js";
import type { PodRecord } from "../../../src/report/records.js";
import { type PodInstantField, podInstant, podRow } from "../../../src/report/rows.js";
import type { ReportPod } from "../../../src/report/types.js";

const FIELDS: PodInstantField[] = ["createdAt", "startedAt", "finishedAt", "deletedAt"];
const ms = fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 });
const maybeMs = fc.option(ms, { nil: null });

const record: fc.Arbitrary<PodRecord> = fc.record({
  namespace: fc.string(),
  name: fc.string(),
  job: fc.string(),
  jobUid: fc.string(),
  index: fc.option(fc.nat(), { nil: null }),
  createdAt: ms,
  startedAt: maybeMs,
  finishedAt: maybeMs,
  deletedAt: maybeMs,
  phase: fc.constantFrom("Pending", "Running", "Succeeded", "Failed"),
  exitCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
  reason: fc.option(fc.string(), { nil: null }),
  restarts: fc.nat(),
  disrupted: fc.boolean(),
  deletedBeforeFinish: fc.boolean(),
  items: fc.option(fc.nat(), { nil: null }),
  node: fc.option(fc.constantFrom(DEFAULT_NODE_NAME, "node-1", "node-2"), { nil: null }),
});

/** The report pod as a plain object literal: what report.json and pods.csv were made of. */
function plainPod(p: PodRecord): ReportPod {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    namespace: p.namespace,
    name: p.name,
    job: p.job,
    index: p.index,
    createdAt: new Date(p.createdAt).toISOString(),
    startedAt: iso(p.startedAt),
    finishedAt: iso(p.finishedAt),
    deletedAt: iso(p.deletedAt),
    phase: p.phase,
    exitCode: p.exitCode,
    reason: p.reason,
    restarts: p.restarts,
    conditions: p.disrupted ? ["DisruptionTarget"] : [],
    ...(p.items !== null && { items: p.items }),
    ...(p.node !== null && p.node !== DEFAULT_NODE_NAME && { node: p.node }),
    ...(p.deletedBeforeFinish && p.phase !== "Succeeded" && { deletedByController: true }),
  };
}

const parsed = (text: string | null | undefined) => (text == null ? Number.NaN : Date.parse(text));

describe("podRow", () => {
  it("is the plain report pod: same keys in the same order, same JSON", () => {
    fc.assert(
      fc.property(record, (r) => {
        const pod = podRow(r);
        const plain = plainPod(r);
        expect(pod).toEqual(plain);
        expect(Object.keys(pod)).toEqual(Object.keys(plain));
        expect(JSON.stringify(pod)).toBe(JSON.stringify(plain));
        expect(toJson([pod, pod])).toBe(toJson([plain, plain]));
      }),
      { numRuns: 300 },
    );
  });

  it("gives each instant as the number its text was made of, and the CSV durations of the texts", () => {
    fc.assert(
      fc.property(record, (r) => {
        const pod = podRow(r);
        for (const field of FIELDS) {
          expect(podInstant(pod, field)).toBe(r[field] ?? Number.NaN);
          expect(podInstant(pod, field)).toBe(parsed(pod[field]));
        }
        const plain = plainPod(r);
        expect(podCsvRow(pod)).toEqual(podCsvRow(plain));
        expect(podCsvRow(pod).waitSeconds).toBe(secondsBetween(plain.createdAt, plain.startedAt));
        expect(podCsvRow(pod).runSeconds).toBe(secondsBetween(plain.startedAt, plain.finishedAt));
      }),
      { numRuns: 300 },
    );
  });

  it("reads a field changed after the row was made from its new text", () => {
    fc.assert(
      fc.property(record, fc.constantFrom(...FIELDS), fc.option(ms, { nil: null }), (r, field, t) => {
        const pod = podRow(r);
        const text = t === null ? null : new Date(t).toISOString();
        if (field === "createdAt") pod.createdAt = text ?? "";
        else pod[field] = text;
        expect(podInstant(pod, field)).toBe(parsed(pod[field]));
      }),
      { numRuns: 300 },
    );
  });
});
