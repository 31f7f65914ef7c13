/**
 * A grid point is the scenario a user would get by editing the file by hand: for random grids
 * (section axes and --set flags, values and nulls) over Simulation, Job and CronJob fields, every
 * sampled point's Scenario equals loading a copy of the file with that point's values written
 * into the documents (and no sweep section).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { expandGrid } from "../../src/sweep/grid.js";
import { scenarioFromText } from "../helpers/scenario.js";

const SEED = 20261206;

const SIMULATION = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: grid}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: 2h
  workloads:
    - match: {job: j}
      duration: {uniform: {min: 1m, max: 3m}}
      failure: {probability: 0.1}
    - match: {cronJob: c}
      duration: 30s
`;

const MANIFESTS = `---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  completions: 8
  parallelism: 2
  backoffLimit: 3
  template:
    spec:
      restartPolicy: Never
      containers: [{name: w, image: busybox}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "*/10 * * * *"
  startingDeadlineSeconds: 60
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: w, image: busybox}]
`;

/** A field a grid may vary: where it is written (document and YAML keys) and values it may take. */
interface Field {
  path: string;
  doc: 0 | 1 | 2;
  keys: (string | number)[];
  values: fc.Arbitrary<string | number | null>;
}

const FIELDS: Field[] = [
  {
    path: "Job/j.spec.parallelism",
    doc: 1,
    keys: ["spec", "parallelism"],
    values: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constant(null)),
  },
  {
    path: "Job/default/j.spec.backoffLimit",
    doc: 1,
    keys: ["spec", "backoffLimit"],
    values: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null)),
  },
  {
    path: "Job/j.spec.activeDeadlineSeconds",
    doc: 1,
    keys: ["spec", "activeDeadlineSeconds"],
    values: fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constant(null)),
  },
  {
    path: "workloads[0].failure.probability",
    doc: 0,
    keys: ["spec", "workloads", 0, "failure", "probability"],
    values: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
  },
  { path: "spec.horizon", doc: 0, keys: ["spec", "horizon"], values: fc.constantFrom("1h", "90m", "3h") },
  {
    path: "cluster.capacity.pods",
    doc: 0,
    keys: ["spec", "cluster", "capacity", "pods"],
    values: fc.integer({ min: 1, max: 50 }),
  },
  {
    path: "workloads[1].duration",
    doc: 0,
    keys: ["spec", "workloads", 1, "duration"],
    values: fc.constantFrom("10s", "2m", null),
  },
  {
    path: "CronJob/c.spec.startingDeadlineSeconds",
    doc: 2,
    keys: ["spec", "startingDeadlineSeconds"],
    values: fc.oneof(fc.integer({ min: 10, max: 999 }), fc.constant(null)),
  },
  {
    path: "CronJob/c.spec.jobTemplate.spec.parallelism",
    doc: 2,
    keys: ["spec", "jobTemplate", "spec", "parallelism"],
    values: fc.integer({ min: 1, max: 5 }),
  },
];

const grids = fc.record({
  axes: fc
    .uniqueArray(fc.integer({ min: 0, max: FIELDS.length - 1 }), { minLength: 1, maxLength: 4 })
    .chain((picked) =>
      fc.tuple(
        ...picked.map((i) =>
          fc.array(FIELDS[i]!.values, { minLength: 1, maxLength: 3 }).map((values) => ({ field: i, values })),
        ),
      ),
    ),
  /** How many of the last axes are given as --set flags instead of in the section. */
  flags: fc.integer({ min: 0, max: 2 }),
  pick: fc.nat(),
});

function yamlScalar(v: string | number | null): string {
  return v === null ? "null" : typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** The file with `values` written into its documents by hand (null: the key deleted). */
function handEdited(values: { field: Field; value: string | number | null }[]): string {
  const docs = parseAllDocuments(SIMULATION + MANIFESTS);
  if (!Array.isArray(docs)) throw new Error("not a multi-document file");
  for (const { field, value } of values) {
    const doc = docs[field.doc]!;
    if (value === null) doc.deleteIn(field.keys);
    else doc.setIn(field.keys, value);
  }
  return docs.map((d) => d.toString()).join("---\n");
}

describe("grid points equal hand-edited scenarios", () => {
  it("for random grids, section axes and --set flags", () => {
    fc.assert(
      fc.property(grids, ({ axes: drawn, flags, pick }) => {
        // Drawn as field indexes, so a counterexample prints plainly.
        const axes = drawn.map((a) => ({ field: FIELDS[a.field]!, values: a.values }));
        const inSection = axes.slice(0, Math.max(0, axes.length - flags));
        const asFlags = axes.slice(inSection.length);
        const sweep =
          inSection.length === 0
            ? ""
            : `  sweep:\n    grid:\n${inSection.map((a) => `      ${a.field.path}: [${a.values.map(yamlScalar).join(", ")}]\n`).join("")}`;
        const text = SIMULATION + sweep + MANIFESTS;
        const result = expandGrid("g.yaml", {
          readFile: () => text,
          set: asFlags.map((a) => `${a.field.path}=${a.values.map(yamlScalar).join(",")}`),
        });
        if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join("\n"));
        const total = axes.reduce((n, a) => n * a.values.length, 1);
        expect(result.points).toHaveLength(total);
        // The point the pick names, and the first and last.
        for (const index of new Set([0, pick % total, total - 1])) {
          const point = result.points[index]!;
          expect(point.id).toBe(`p${index}`);
          let rest = index;
          const chosen: { field: Field; value: string | number | null }[] = [];
          for (let a = axes.length - 1; a >= 0; a--) {
            const axis = axes[a]!;
            chosen.unshift({ field: axis.field, value: axis.values[rest % axis.values.length]! });
            rest = Math.floor(rest / axis.values.length);
          }
          expect(point.params).toEqual(Object.fromEntries(chosen.map((c) => [c.field.path, c.value])));
          const edited = scenarioFromText(handEdited(chosen), "g.yaml");
          expect(point.scenario.simulation).toEqual(edited.simulation);
          expect(point.scenario.jobs).toEqual(edited.jobs);
          expect(point.scenario.cronJobs).toEqual(edited.cronJobs);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
