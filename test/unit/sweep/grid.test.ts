/**
 * expandGrid: the order and ids of grid points, cartesian and zip axes, --set flags against the
 * section, null removal, values put into Simulation and manifest fields (inline and from
 * spec.manifests files), and every kind of bad grid reported at once, located at the grid.
 */
import { describe, expect, it } from "vitest";
import { expandGrid, type GridOptions, type GridResult } from "../../../src/sweep/grid.js";
import { oneJob } from "../../helpers/scenario.js";
import { memFs } from "../scenario/mem-fs.js";

const FILE = "s.yaml";

/** A scenario with one Job `j` (parallelism 2 of 6, backoffLimit 4) and `sweep` lines under spec. */
function scenario(sweep: string, job = "", sim = ""): string {
  const workloads =
    "  workloads:\n    - match: {job: j}\n      duration: 1m\n      failure: {probability: 0.1}\n";
  const spec = "  completions: 6\n  parallelism: 2\n  backoffLimit: 4\n  activeDeadlineSeconds: 600\n";
  const template =
    "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]";
  return oneJob(`${workloads}${sim}${sweep}`, `${spec}${job}${template}`);
}

/** A Job document with only a pod template, in `namespace`. */
function namespacedJob(name: string, namespace: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`;
}

function grid(text: string, options: GridOptions = {}, files: Record<string, string> = {}): GridResult {
  return expandGrid(FILE, { ...memFs({ [FILE]: text, ...files }), ...options });
}

function points(text: string, options: GridOptions = {}) {
  const result = grid(text, options);
  if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join("\n"));
  return result;
}

function errors(text: string, options: GridOptions = {}, files: Record<string, string> = {}): string[] {
  const result = grid(text, options, files);
  if (result.ok) throw new Error("expected errors, the grid is valid");
  return result.errors.map((e) => e.format());
}

/** The line (1-based) of the first line of `text` holding `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

describe("expandGrid: points", () => {
  it("is the cartesian product in the order written, the last axis fastest, ids p0, p1, ...", () => {
    const r = points(
      scenario(`  sweep:
    grid:
      Job/j.spec.parallelism: [1, 2, 3]
      Job/j.spec.backoffLimit: [4, 6]
    seeds: 20`),
    );
    expect(r.seeds).toBe(20);
    expect(r.points.map((p) => p.id)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5"]);
    expect(r.points.map((p) => p.params)).toEqual([
      { "Job/j.spec.parallelism": 1, "Job/j.spec.backoffLimit": 4 },
      { "Job/j.spec.parallelism": 1, "Job/j.spec.backoffLimit": 6 },
      { "Job/j.spec.parallelism": 2, "Job/j.spec.backoffLimit": 4 },
      { "Job/j.spec.parallelism": 2, "Job/j.spec.backoffLimit": 6 },
      { "Job/j.spec.parallelism": 3, "Job/j.spec.backoffLimit": 4 },
      { "Job/j.spec.parallelism": 3, "Job/j.spec.backoffLimit": 6 },
    ]);
    expect(
      r.points.map((p) => [p.scenario.jobs[0]?.spec.parallelism, p.scenario.jobs[0]?.spec.backoffLimit]),
    ).toEqual([
      [1, 4],
      [1, 6],
      [2, 4],
      [2, 6],
      [3, 4],
      [3, 6],
    ]);
    // The base is the scenario as written; points are plain scenarios without a sweep.
    expect(r.base.jobs[0]?.spec.parallelism).toBe(2);
    expect(r.base.sweep).toEqual({ points: 6, seeds: 20 });
    for (const p of r.points) expect(p.scenario.sweep).toBeUndefined();
  });

  it("zip takes the i-th value of each path; zip and grid multiply as axes in written order", () => {
    const zip = points(
      scenario(`  sweep:
    zip:
      Job/j.spec.parallelism: [1, 2, 3]
      Job/j.spec.completions: [10, 20, 30]`),
    );
    expect(zip.points.map((p) => p.params)).toEqual([
      { "Job/j.spec.parallelism": 1, "Job/j.spec.completions": 10 },
      { "Job/j.spec.parallelism": 2, "Job/j.spec.completions": 20 },
      { "Job/j.spec.parallelism": 3, "Job/j.spec.completions": 30 },
    ]);
    expect(zip.points.map((p) => p.scenario.jobs[0]?.spec.completions)).toEqual([10, 20, 30]);
    const both = points(
      scenario(`  sweep:
    grid:
      Job/j.spec.backoffLimit: [4, 6]
    zip:
      Job/j.spec.parallelism: [1, 3]
      Job/j.spec.completions: [10, 30]`),
    );
    expect(both.points.map((p) => Object.values(p.params))).toEqual([
      [4, 1, 10],
      [4, 3, 30],
      [6, 1, 10],
      [6, 3, 30],
    ]);
  });

  it("without a grid the one point p0 is the scenario as written", () => {
    const r = points(scenario(""));
    expect(r.points).toHaveLength(1);
    expect(r.points[0]).toMatchObject({ id: "p0", params: {} });
    expect(r.points[0]?.scenario.jobs).toEqual(r.base.jobs);
    expect(r.seeds).toBeNull();
  });

  it("null removes the field (here the Job's deadline), and setting a field the manifest lacks adds it", () => {
    const r = points(
      scenario(`  sweep:
    grid:
      Job/j.spec.activeDeadlineSeconds: [null, 120]
      Job/j.spec.ttlSecondsAfterFinished: [30]`),
    );
    expect(r.points.map((p) => p.scenario.jobs[0]?.spec.activeDeadlineSeconds)).toEqual([null, 120]);
    expect(r.points.map((p) => p.scenario.jobs[0]?.spec.ttlSecondsAfterFinished)).toEqual([30, 30]);
    expect(r.base.jobs[0]?.spec.activeDeadlineSeconds).toBe(600);
  });

  it("varies Simulation fields (with or without spec.), whole values such as distributions, and aliases", () => {
    const r = points(
      scenario(`  sweep:
    grid:
      spec.horizon: [2h]
      workloads[0].failure.probability: [0.02, 0.5]
      workloads[0].duration: [{exponential: {mean: 2m}}, *slow]`).replace(
        "duration: 1m",
        "duration: &slow 5m",
      ),
    );
    expect(r.points).toHaveLength(4);
    const sims = r.points.map((p) => p.scenario.simulation);
    expect(sims.map((s) => s.end - s.start)).toEqual([7_200_000, 7_200_000, 7_200_000, 7_200_000]);
    expect(sims.map((s) => s.workloads[0]?.failure?.probability)).toEqual([0.02, 0.02, 0.5, 0.5]);
    expect(sims.map((s) => s.workloads[0]?.duration)).toEqual([
      { kind: "exponential", mean: 120_000 },
      { kind: "constant", value: 300_000 },
      { kind: "exponential", mean: 120_000 },
      { kind: "constant", value: 300_000 },
    ]);
    expect(r.points[1]?.params["workloads[0].duration"]).toBe("5m");
  });

  it("creates the mappings a path needs (a failure model where the workload has none)", () => {
    const text = scenario(
      `  sweep:
    grid:
      workloads[1].failure.probability: [0.3]`,
      "",
      "    - match: {job: other}\n",
    );
    const r = points(text);
    expect(r.points[0]?.scenario.simulation.workloads[1]?.failure?.probability).toBe(0.3);
  });

  it("changes a manifest read from a spec.manifests file without reading the file again", () => {
    let reads = 0;
    const files: Record<string, string> = {
      [FILE]: `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  manifests: [deploy/job.yaml]
  sweep:
    grid:
      Job/batch/k.spec.parallelism: [1, 2, 3]
`,
      "deploy/job.yaml": namespacedJob("k", "batch"),
    };
    const fs = memFs(files);
    const r = expandGrid(FILE, {
      ...fs,
      readFile: (p, max) => {
        reads++;
        return fs.readFile(p, max);
      },
    });
    if (!r.ok) throw new Error(r.errors.map((e) => e.format()).join("\n"));
    expect(r.points.map((p) => p.scenario.jobs[0]?.spec.parallelism)).toEqual([1, 2, 3]);
    expect(reads).toBe(2);
  });
});

describe("expandGrid: data files", () => {
  it("reads a CSV the scenario names once; a CSV only a grid value names is read (confined) when needed", () => {
    const read: string[] = [];
    const files: Record<string, string> = {
      [FILE]: scenario(
        `  sweep:
    grid:
      Job/j.spec.parallelism: [1, 2, 3]
      workloads[0].duration.empirical.file: [a.csv, b.csv]`,
      ).replace("duration: 1m", "duration: {empirical: {file: a.csv}}"),
      "a.csv": "seconds\n60\n",
      "b.csv": "seconds\n120\n",
    };
    const fs = memFs(files);
    const r = expandGrid(FILE, {
      ...fs,
      readFile: (p, max) => {
        read.push(p);
        return fs.readFile(p, max);
      },
    });
    if (!r.ok) throw new Error(r.errors.map((e) => e.format()).join("\n"));
    expect(read).toEqual([FILE, "a.csv", "b.csv"]);
    expect(r.points.map((p) => p.scenario.simulation.workloads[0]?.duration)).toEqual(
      [60_000, 120_000, 60_000, 120_000, 60_000, 120_000].map((ms) => ({ kind: "empirical", samples: [ms] })),
    );
    const { [FILE]: text = "", ...csvs } = files;
    const outside = errors(text.replace("[a.csv, b.csv]", "[a.csv, ../c.csv]"), {}, csvs);
    expect(outside).toHaveLength(1);
    expect(outside[0]).toMatch(
      /spec\.sweep\.grid\["workloads\[0\]\.duration\.empirical\.file"\]\[1\]: in points p1, p3, p5: spec\.workloads\[0\]\.duration\.empirical\.file: cannot read \.\.\/c\.csv: is outside the scenario's folder/,
    );
  });
});

describe("expandGrid: --set", () => {
  const section = `  sweep:
    grid:
      Job/j.spec.parallelism: [1, 2]
      Job/j.spec.backoffLimit: [4, 6]`;

  it("replaces the axis of the same field in place and adds new axes after the section's", () => {
    const r = points(scenario(section), {
      set: ["Job/default/j.spec.parallelism=3,4,5", "workloads[0].failure=null,null"],
    });
    expect(r.points).toHaveLength(12);
    expect(r.points.map((p) => Object.keys(p.params))[0]).toEqual([
      "Job/default/j.spec.parallelism",
      "Job/j.spec.backoffLimit",
      "workloads[0].failure",
    ]);
    expect(r.points.slice(0, 4).map((p) => Object.values(p.params))).toEqual([
      [3, 4, null],
      [3, 4, null],
      [3, 6, null],
      [3, 6, null],
    ]);
    expect(r.points.map((p) => p.scenario.jobs[0]?.spec.parallelism)).toEqual([
      3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5,
    ]);
    expect(r.points.every((p) => p.scenario.simulation.workloads[0]?.failure === null)).toBe(true);
  });

  it("reads values as YAML scalars: numbers, strings, null, quoted commas", () => {
    const r = points(scenario(""), {
      set: ['spec.horizon=1h, "90m"', "Job/j.spec.activeDeadlineSeconds=null,60"],
    });
    expect(r.points.map((p) => Object.values(p.params))).toEqual([
      ["1h", null],
      ["1h", 60],
      ["90m", null],
      ["90m", 60],
    ]);
  });

  it("replaces a zip path only with as many values as the zip has", () => {
    const zip = `  sweep:
    zip:
      Job/j.spec.parallelism: [1, 2]
      Job/j.spec.completions: [10, 20]`;
    expect(
      points(scenario(zip), { set: ["Job/j.spec.completions=7,8"] }).points.map((p) => p.params),
    ).toEqual([
      { "Job/j.spec.parallelism": 1, "Job/j.spec.completions": 7 },
      { "Job/j.spec.parallelism": 2, "Job/j.spec.completions": 8 },
    ]);
    expect(errors(scenario(zip), { set: ["Job/j.spec.completions=7,8,9"] })).toEqual([
      '--set:1:23 --set["Job/j.spec.completions"]: expected 2 values, as many as spec.sweep.zip["Job/j.spec.completions"] it replaces (zip takes the i-th value of each path), got 3',
    ]);
  });

  it("locates bad flags at the flag and column", () => {
    expect(
      errors(scenario(""), {
        set: [
          "Job/j.spec.parallelism",
          "Job/j.spec.completions=1",
          "Job/default/j.spec.completions=2",
          "Job/j.spec.parallelism=1,[2]",
          "horizon=",
          "Job/j.spec.backoffLimit=1",
          "Job/j.spec.backoffLimit=2",
        ],
      }),
    ).toEqual([
      '--set:1:1 expected PATH=V1,V2,... such as Job/nightly.spec.parallelism=10,20,40, got "Job/j.spec.parallelism"',
      '--set:3:1 --set["Job/default/j.spec.completions"]: names the same field as --set["Job/j.spec.completions"]: give one --set per field',
      "--set:4:26 expected a single value (a number, a string or null), got a list: quote a value that holds [ ] { } or a comma",
      "--set:5:9 expected at least one value after =, such as 10,20,40",
      '--set:7:1 --set["Job/j.spec.backoffLimit"]: given twice (first in --set flag 6): give one --set per path',
    ]);
  });
});

describe("expandGrid: errors, all at once and located at the grid", () => {
  it("a bad value: at the value, naming the points and the field", () => {
    const text = scenario(`  sweep:
    grid:
      Job/j.spec.parallelism: [1, -2, x]
      Job/j.spec.backoffLimit: [4, 6]
      workloads[0].failure.probability: [0.5, 1.5]`);
    const line = lineOf(text, "spec.parallelism: [");
    const pLine = lineOf(text, "probability: [0.5");
    expect(errors(text)).toEqual([
      `s.yaml:${line}:35 spec.sweep.grid["Job/j.spec.parallelism"][1]: in points p4, p5, p6, p7: spec.parallelism: Invalid value: -2: must be greater than or equal to 0`,
      `s.yaml:${line}:39 spec.sweep.grid["Job/j.spec.parallelism"][2]: in points p8, p9, p10, p11: spec.parallelism: Invalid value: "x": must be an integer`,
      `s.yaml:${pLine}:47 spec.sweep.grid["workloads[0].failure.probability"][1]: in points p1, p3, p5, p7, p9, p11: spec.workloads[0].failure.probability: expected a number between 0 and 1, got 1.5`,
    ]);
  });

  it("a problem the values cause elsewhere: where it is, naming the point and its values", () => {
    const text = scenario(
      `  sweep:
    grid:
      Job/j.spec.completionMode: [Indexed, NonIndexed]`,
      "  completionMode: Indexed\n  backoffLimitPerIndex: 1\n",
    );
    const [e] = errors(text);
    expect(e).toBe(
      `s.yaml:${lineOf(text, "backoffLimitPerIndex: 1")}:25 spec.backoffLimitPerIndex: in point p1 (Job/j.spec.completionMode=NonIndexed): Invalid value: 1: requires indexed completion mode`,
    );
  });

  it("unknown fields: did you mean, for manifests and the Simulation", () => {
    const text = scenario(`  sweep:
    grid:
      Job/j.spec.paralelism: [1, 2]
      workloads[0].failure.probabilty: [0.1]
      Job/j.spec.template.spec.nodeName: [a]`);
    expect(errors(text)).toEqual([
      `s.yaml:${lineOf(text, "paralelism")}:7 spec.sweep.grid["Job/j.spec.paralelism"]: unknown field "spec.paralelism" of Job default/j: jobsim reads no such field, did you mean "spec.parallelism"?`.replace(
        'unknown field "spec.parallelism"',
        'unknown field "spec.paralelism"',
      ),
      `s.yaml:${lineOf(text, "probabilty")}:7 spec.sweep.grid["workloads[0].failure.probabilty"]: unknown field "workloads[0].failure.probabilty" of the Simulation spec: jobsim reads no such field, did you mean "workloads[0].failure.probability"?`,
      expect.stringMatching(
        /^s\.yaml:\d+:7 spec\.sweep\.grid\["Job\/j\.spec\.template\.spec\.nodeName"\]: unknown field "spec\.template\.spec\.nodeName" of Job default\/j: jobsim reads no such field \(fields read there: .*spec\.template\.spec\.containers/,
      ),
    ]);
  });

  it("unknown objects, kinds, ambiguous names, fixed fields, lists too short", () => {
    const text = scenario(`  sweep:
    grid:
      Job/jj.spec.parallelism: [1]
      Deployment/j.spec.replicas: [1]
      CronJob/j.spec.suspend: [true]
      Job/j: [1]
      Job/j.metadata.name: [k]
      seed: [1, 2]
      manifests: [[a.yaml]]
      Job/j.spec..x: [1]`);
    const at = (needle: string) => `s.yaml:${lineOf(text, needle)}:7`;
    expect(errors(text)).toEqual([
      `${at("Job/jj.")} spec.sweep.grid["Job/jj.spec.parallelism"]: no Job named "jj" in the scenario, did you mean "j"?`,
      `${at("Deployment/")} spec.sweep.grid["Deployment/j.spec.replicas"]: unknown kind "Deployment": a path names a Job or CronJob as Job/NAME.field or Job/NAMESPACE/NAME.field, or a field of the Simulation spec`,
      `${at("CronJob/j")} spec.sweep.grid["CronJob/j.spec.suspend"]: no CronJob named "j" in the scenario (the scenario declares no CronJob)`,
      `${at("Job/j: [1]")} spec.sweep.grid["Job/j"]: expected a field after Job/j, such as Job/j.spec.parallelism`,
      `${at("metadata.name")} spec.sweep.grid["Job/j.metadata.name"]: metadata.name names the Job (paths and reports refer to it by name): a grid cannot vary it`,
      `${at("seed:")} spec.sweep.grid[seed]: a sweep runs every point with the same seeds: choose them with sim sweep --seeds or --seed-range`,
      `${at("manifests:")} spec.sweep.grid[manifests]: spec.manifests is read once, before the grid: vary the fields of the manifests instead`,
      `${at("spec..x")} spec.sweep.grid["Job/j.spec..x"]: expected a field name at character 6 of "spec..x"`,
    ]);
  });

  it("paths the documents cannot hold: a list entry that is not there, a field inside a single value", () => {
    const text = scenario(`  sweep:
    grid:
      workloads[3].duration: [1m]
      Job/j.spec.parallelism.x: [1, 2]`);
    const at = (needle: string) => `s.yaml:${lineOf(text, needle)}:7`;
    expect(errors(text)).toEqual([
      `${at("workloads[3]")} spec.sweep.grid["workloads[3].duration"]: in every point (2): spec.workloads has 1 entry: there is no entry 3`,
      `${at("parallelism.x")} spec.sweep.grid["Job/j.spec.parallelism.x"]: in every point (2): spec.parallelism is a single value (2), not a mapping: it has no field x`,
    ]);
  });

  it("one name in two namespaces needs the namespace", () => {
    const text = `${scenario(`  sweep:
    grid:
      Job/j.spec.parallelism: [1]`)}---\n${namespacedJob("j", "other")}`;
    expect(errors(text)).toEqual([
      `s.yaml:${lineOf(text, "Job/j.spec")}:7 spec.sweep.grid["Job/j.spec.parallelism"]: Job j is declared in several namespaces (default, other): write Job/NAMESPACE/j.field`,
    ]);
    expect(
      points(text.replace("Job/j.spec", "Job/other/j.spec")).points[0]?.scenario.jobs[1]?.spec.parallelism,
    ).toBe(1);
  });

  it("the same field twice, or one field inside another", () => {
    const text = scenario(`  sweep:
    grid:
      Job/j.spec.parallelism: [1]
      Job/default/j.spec.parallelism: [2]
      workloads[0].failure: [{probability: 0.1}]
      workloads[0].failure.probability: [0.2]`);
    expect(errors(text)).toEqual([
      `s.yaml:${lineOf(text, "Job/default/j")}:7 spec.sweep.grid["Job/default/j.spec.parallelism"]: names the same field as spec.sweep.grid["Job/j.spec.parallelism"]: vary each field once`,
      `s.yaml:${lineOf(text, "failure.probability")}:7 spec.sweep.grid["workloads[0].failure.probability"]: overlaps spec.sweep.grid["workloads[0].failure"] (one field is inside the other): vary either, not both`,
    ]);
  });

  it("the shape of the section: empty grid, empty list, zip of unequal lengths, no grid at all, seeds", () => {
    const shapes: [string, RegExp][] = [
      [
        "  sweep:\n    grid: {}",
        /spec\.sweep\.grid: expected at least one PATH: \[values\] entry, got an empty mapping/,
      ],
      [
        "  sweep:\n    grid:\n      horizon: []",
        /spec\.sweep\.grid\[horizon\]: expected at least one value, got an empty list/,
      ],
      ["  sweep:\n    grid:\n      horizon: 1h", /spec\.sweep\.grid\[horizon\]: expected a list, got "1h"/],
      [
        "  sweep:\n    zip:\n      horizon: [1h, 2h]\n      Job/j.spec.parallelism: [1]",
        /spec\.sweep\.zip\["Job\/j\.spec\.parallelism"\]: expected 2 values, as many as "horizon" has \(zip takes the i-th value of each\), got 1/,
      ],
      ["  sweep: {seeds: 5}", /spec\.sweep: expected grid or zip/],
      [
        "  sweep:\n    grid: {horizon: [1h]}\n    seeds: 0",
        /spec\.sweep\.seeds: expected an integer from 1 to 1000000, got 0/,
      ],
      ["  sweep:\n    grdi: {horizon: [1h]}", /spec\.sweep\.grdi: unknown field, did you mean "grid"\?/],
    ];
    for (const [sweep, message] of shapes) {
      const found = errors(scenario(sweep));
      expect(
        found.some((e) => message.test(e)),
        `${sweep}\n${found.join("\n")}`,
      ).toBe(true);
      expect(found.every((e) => /^s\.yaml:\d+:\d+ /.test(e))).toBe(true);
    }
  });

  it("more points than the limit", () => {
    const values = `[${Array.from({ length: 101 }, (_, i) => i + 1).join(", ")}]`;
    const text = scenario(`  sweep:
    grid:
      Job/j.spec.parallelism: ${values}
      Job/j.spec.completions: ${values}`);
    expect(errors(text)).toEqual([
      `s.yaml:${lineOf(text, "sweep:")}:3 spec.sweep: the grid has 10201 points, more than the 10000 limit (every point is validated before a run): vary fewer paths or fewer values`,
    ]);
  });

  it("a bad base scenario is reported as loadScenario reports it (with --set problems)", () => {
    const text = scenario("", "  suspend: maybe\n");
    expect(errors(text, { set: ["x"] })).toEqual([
      `s.yaml:${lineOf(text, "suspend: maybe")}:12 spec.suspend: Invalid value: "maybe": must be a boolean`,
      '--set:1:1 expected PATH=V1,V2,... such as Job/nightly.spec.parallelism=10,20,40, got "x"',
    ]);
  });
});

describe("expandGrid: warnings", () => {
  it("a warning a point brings is told once with its points; the base's warnings stay as they are", () => {
    const text = scenario(`  sweep:
    grid:
      workloads[0].match.job: [j, nosuch]
      Job/j.spec.backoffLimit: [1, 2]`);
    const r = points(text);
    expect(r.warnings).toEqual([
      `s.yaml:${lineOf(text, "match.job")}:35 spec.sweep.grid["workloads[0].match.job"][1]: in points p2, p3: spec.workloads[0].match.job: matches no Job: no Job named "nosuch" in the scenario`,
    ]);
    expect(r.points[0]?.scenario.warnings).toEqual([]);
    expect(r.points[2]?.scenario.warnings).toEqual([
      `s.yaml:${lineOf(text, "match.job")}:35 spec.sweep.grid["workloads[0].match.job"][1]: in point p2: spec.workloads[0].match.job: matches no Job: no Job named "nosuch" in the scenario`,
    ]);
  });
});
