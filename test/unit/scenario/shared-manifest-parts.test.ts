import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JobManifest } from "../../../src/k8s/types.js";
import { runScenario } from "../../../src/run/run.js";
import { Diagnostics } from "../../../src/scenario/errors.js";
import type { LoadResult } from "../../../src/scenario/load.js";
import { loadScenario } from "../../../src/scenario/load.js";
import { parseYamlFile } from "../../../src/scenario/yaml-source.js";
import { memFs, SIM_HEAD, scenarioOf } from "./mem-fs.js";

/** A pod template as the generator writes it; bad values among the good ones. */
interface Template {
  restartPolicy: string;
  containers: { name: string; cpu: string; memory: string; env: string | null }[];
  grace: number | null;
  labels: boolean;
}

const template: fc.Arbitrary<Template> = fc.record({
  restartPolicy: fc.constantFrom("Never", "Never", "OnFailure", "Always"),
  containers: fc.array(
    fc.record({
      name: fc.constantFrom("main", "worker", "side", "Bad_Name"),
      cpu: fc.constantFrom("250m", "1", "0.5", "-1", "abc"),
      memory: fc.constantFrom("256Mi", "1Gi"),
      env: fc.constantFrom(null, "A", "B"),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  grace: fc.constantFrom(null, 10, -5),
  labels: fc.boolean(),
});

/** The template's YAML lines, indented by `pad` (block YAML, as manifests are written). */
function templateLines(t: Template, pad: string, flowRequests: boolean): string[] {
  const lines = [`${pad}template:`];
  if (t.labels) lines.push(`${pad}  metadata:`, `${pad}    labels: {app: shared}`);
  lines.push(`${pad}  spec:`, `${pad}    restartPolicy: ${t.restartPolicy}`);
  if (t.grace !== null) lines.push(`${pad}    terminationGracePeriodSeconds: ${t.grace}`);
  lines.push(`${pad}    containers:`);
  for (const c of t.containers) {
    lines.push(`${pad}      - name: ${c.name}`, `${pad}        image: busybox`, `${pad}        resources:`);
    if (flowRequests) lines.push(`${pad}          requests: {cpu: ${c.cpu}, memory: ${c.memory}}`);
    else
      lines.push(
        `${pad}          requests:`,
        `${pad}            cpu: ${c.cpu}`,
        `${pad}            memory: ${c.memory}`,
      );
    if (c.env !== null)
      lines.push(`${pad}        env:`, `${pad}          - name: ${c.env}`, `${pad}            value: "1"`);
  }
  return lines;
}

/** One Job: a template of the pool, perhaps with one value changed, written one of two ways. */
interface JobChoice {
  pick: number;
  /** Change the first container's cpu to this (one differing value), or keep the template's. */
  cpu: string | null;
  flowRequests: boolean;
}

const jobChoice: fc.Arbitrary<JobChoice> = fc.record({
  pick: fc.nat(2),
  cpu: fc.constantFrom(null, null, null, "2", "xyz"),
  flowRequests: fc.boolean(),
});

function jobsFile(pool: Template[], jobs: JobChoice[]): string {
  return jobs
    .map((j, i) => {
      const t = pool[j.pick % pool.length]!;
      const chosen: Template =
        j.cpu === null
          ? t
          : { ...t, containers: t.containers.map((c, k) => (k === 0 ? { ...c, cpu: j.cpu! } : c)) };
      const head = ["---", "apiVersion: batch/v1", "kind: Job", "metadata:", `  name: job-${i}`, "spec:"];
      return [...head, "  backoffLimit: 2", ...templateLines(chosen, "  ", j.flowRequests), ""].join("\n");
    })
    .join("");
}

const SCENARIO = `${SIM_HEAD}spec:\n  manifests: [jobs.yaml]\n`;

/**
 * Load the scenario with `jobs` as its manifests file: `plain` true reads it by the fast path,
 * which shares parts; false adds a trailing comment with a non-ASCII letter, which makes the
 * `yaml` library read the file, and nothing is shared (the comment changes no line number).
 */
function loadJobs(jobs: string, plain: boolean): LoadResult {
  const files = { "s/test.yaml": SCENARIO, "s/jobs.yaml": plain ? jobs : `${jobs}# caf\u00e9\n` };
  return loadScenario("s/test.yaml", memFs(files));
}

function outcome(r: LoadResult): unknown {
  return r.ok
    ? { jobs: r.scenario.jobs, cronJobs: r.scenario.cronJobs, warnings: r.scenario.warnings }
    : { errors: r.errors.map((e) => e.format()), warnings: r.warnings };
}

describe("pod specs shared between Jobs that write them the same way", () => {
  it("give the Jobs, errors and warnings of a read that shares nothing", () => {
    fc.assert(
      fc.property(
        fc.array(template, { minLength: 1, maxLength: 3 }),
        fc.array(jobChoice, { minLength: 1, maxLength: 8 }),
        (pool, jobs) => {
          const text = jobsFile(pool, jobs);
          const shared = loadJobs(text, true);
          expect(outcome(shared)).toEqual(outcome(loadJobs(text, false)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("are one frozen object per source text; another text, or another value, is its own", () => {
    const t: Template = {
      restartPolicy: "Never",
      containers: [{ name: "main", cpu: "250m", memory: "256Mi", env: "A" }],
      grace: null,
      labels: true,
    };
    const jobs = jobsFile(
      [t],
      [
        { pick: 0, cpu: null, flowRequests: true },
        { pick: 0, cpu: null, flowRequests: true },
        { pick: 0, cpu: "2", flowRequests: true },
        { pick: 0, cpu: null, flowRequests: false },
        { pick: 0, cpu: null, flowRequests: true },
      ],
    );
    const specs = scenarioOf(loadJobs(jobs, true)).jobs.map((j) => j.spec.template.spec);
    expect(specs[1]).toBe(specs[0]);
    expect(specs[4]).toBe(specs[0]);
    expect(specs[2]).not.toBe(specs[0]);
    expect(specs[2]!.containers[0]!.resources.requests.cpu).toBe(2);
    expect(specs[3]).not.toBe(specs[0]);
    expect(specs[3]).toEqual(specs[0]);
    expect(Object.isFrozen(specs[0]!.containers[0]!.resources.requests)).toBe(true);
    expect(Object.isFrozen(specs[0]!.containers[0]!.env)).toBe(true);
    // Each Job's labels are its own: they carry its name.
    const loaded = scenarioOf(loadJobs(jobs, true)).jobs;
    expect(loaded[0]!.spec.template.metadata.labels["job-name"]).toBe("job-0");
    expect(loaded[1]!.spec.template.metadata.labels["job-name"]).toBe("job-1");
    // The generated selector and empty maps are one frozen object for all Jobs.
    expect(loaded[1]!.spec.selector).toBe(loaded[0]!.spec.selector);
    expect(Object.isFrozen(loaded[0]!.spec.selector.matchLabels)).toBe(true);
    expect(loaded[1]!.metadata.annotations).toBe(loaded[0]!.metadata.annotations);
    expect(loaded[0]!.spec.template.metadata.annotations).toBe(loaded[0]!.metadata.annotations);
    expect(Object.isFrozen(loaded[0]!.metadata.annotations)).toBe(true);
    expect(Object.isFrozen(loaded[0]!.spec.template.metadata.labels)).toBe(false);
  });

  it("a bad value repeated in three manifests is reported at each of them", () => {
    const t: Template = {
      restartPolicy: "Never",
      containers: [{ name: "main", cpu: "abc", memory: "256Mi", env: null }],
      grace: null,
      labels: false,
    };
    const choice = { pick: 0, cpu: null, flowRequests: false };
    const r = loadJobs(jobsFile([t], [choice, choice, choice]), true);
    const errors = (outcome(r) as { errors: string[] }).errors;
    expect(errors).toHaveLength(3);
    expect(errors.map((e) => e.split(" ")[0])).toEqual([
      "s/jobs.yaml:16:20",
      "s/jobs.yaml:33:20",
      "s/jobs.yaml:50:20",
    ]);
    expect(errors[0]).toContain(
      'spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "abc"',
    );
    expect(outcome(r)).toEqual(outcome(loadJobs(jobsFile([t], [choice, choice, choice]), false)));
  });

  it("run as Jobs of their own: nothing downstream writes to a shared spec", () => {
    const t: Template = {
      restartPolicy: "Never",
      containers: [{ name: "main", cpu: "250m", memory: "256Mi", env: null }],
      grace: null,
      labels: false,
    };
    const choice = { pick: 0, cpu: null, flowRequests: true };
    const files = {
      "s/test.yaml": `${SIM_HEAD}spec:\n  horizon: 1h\n  manifests: [jobs.yaml]\n  workloads:\n    - match: {}\n      duration: 1m\n`,
      "s/jobs.yaml": jobsFile([t], [choice, choice, choice]),
    };
    const scenario = scenarioOf(loadScenario("s/test.yaml", memFs(files)));
    const jobs: JobManifest[] = scenario.jobs;
    expect(jobs[1]!.spec.template.spec).toBe(jobs[0]!.spec.template.spec);
    const { report } = runScenario(scenario);
    expect(report.jobs.map((j) => j.status.succeeded)).toEqual([1, 1, 1]);
  });
});

describe("YValue.sourceKey", () => {
  it("tells apart the same text at another column, which reads as another value", () => {
    // The same text `k:\n      m: 1\n` is {k: {m: 1}} at column 5 and {k: null, m: 1} at column 7.
    const text = "l1:\n  - k:\n      m: 1\nl2:\n    - k:\n      m: 1\n";
    const [doc] = parseYamlFile("x.yaml", text, new Diagnostics());
    const a = doc!.root.get("l1").items()[0]!;
    const b = doc!.root.get("l2").items()[0]!;
    expect(a.toJS()).toEqual({ k: { m: 1 } });
    expect(b.toJS()).toEqual({ k: null, m: 1 });
    expect(a.sourceKey()).not.toBeNull();
    expect(a.sourceKey()).not.toBe(b.sourceKey());
  });

  it("is the same for the same text at the same column, in another document", () => {
    const text = "---\na:\n  b: [1, 2]\n---\nz:\n  b: [1, 2]\n";
    const [one, two] = parseYamlFile("x.yaml", text, new Diagnostics());
    expect(one!.root.get("a").sourceKey()).toBe(two!.root.get("z").sourceKey());
    expect(one!.root.get("a").get("b").sourceKey()).toBe(two!.root.get("z").get("b").sourceKey());
  });

  it("is null where the library read the file, and for scalars", () => {
    const [lib] = parseYamlFile("x.yaml", "a: &x\n  b: 1\nc: *x\n", new Diagnostics());
    expect(lib!.root.get("a").sourceKey()).toBeNull();
    const [plain] = parseYamlFile("x.yaml", "a:\n  b: 1\n", new Diagnostics());
    expect(plain!.root.get("a").get("b").sourceKey()).toBeNull();
    expect(plain!.root.sourceKey()).toBeNull();
  });
});
