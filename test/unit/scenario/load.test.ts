import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../src/scenario/load.js";
import { errorsOf, jobDoc, load, memFs, SIM_HEAD, scenarioOf } from "./mem-fs.js";

describe("loadScenario: documents", () => {
  it("loads a Simulation with inline Jobs and hashes the file text", () => {
    const text = `${SIM_HEAD}---\n${jobDoc("etl")}`;
    const s = scenarioOf(load(text));
    expect(s.file).toBe("scenarios/test.yaml");
    expect(s.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(s.jobs.map((j) => j.metadata.name)).toEqual(["etl"]);
    expect(s.warnings).toEqual([]);
  });

  it("requires exactly one Simulation document", () => {
    expect(errorsOf(load(jobDoc("etl")))).toEqual([
      "scenarios/test.yaml:1:1 expected one Simulation document (apiVersion: jobsim.dev/v1alpha1, kind: Simulation), found none",
    ]);
    expect(errorsOf(load(`${SIM_HEAD}---\n${SIM_HEAD}`))).toEqual([
      "scenarios/test.yaml:7:7 kind: a second Simulation document: a scenario has exactly one (the first is at line 1)",
    ]);
  });

  it("reports a YAML syntax error with its position and never throws", () => {
    const text = `${SIM_HEAD}spec:\n  seed: [1, 2\n`;
    // The syntax error is why no Simulation document was found: it is the one message.
    expect(errorsOf(load(text))).toEqual([
      "scenarios/test.yaml:7:1 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("reports a missing scenario file as an error, not an exception", () => {
    const r = loadScenario("nope.yaml", memFs({}));
    expect(errorsOf(r)).toEqual(["nope.yaml:1:1 cannot read the scenario: no such file or directory"]);
  });

  it("reads Jobs and CronJobs inside a kind: List and skips other kinds with a warning", () => {
    const text = `${SIM_HEAD}---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: cfg}
  - apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly}
    spec:
      schedule: "0 2 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers: [{name: main}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
`;
    const s = scenarioOf(load(text));
    expect(s.cronJobs.map((c) => c.metadata.name)).toEqual(["nightly"]);
    expect(s.warnings).toEqual([
      "scenarios/test.yaml:9:5 skipping v1 ConfigMap cfg: jobsim simulates batch/v1 Job and CronJob only",
      "scenarios/test.yaml:24:1 skipping apps/v1 Deployment web: jobsim simulates batch/v1 Job and CronJob only",
    ]);
  });

  it("rejects a Job or CronJob of another apiVersion", () => {
    const text = `${SIM_HEAD}---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: old}\n`;
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:6:13 apiVersion: no matches for kind "CronJob" in version "batch/v1beta1": jobsim simulates batch/v1',
    ]);
  });

  it("rejects duplicate names in one namespace but not across namespaces", () => {
    const other = jobDoc("etl").replace("  name: etl\n", "  name: etl\n  namespace: other\n");
    expect(scenarioOf(load(`${SIM_HEAD}---\n${jobDoc("etl")}---\n${other}`)).jobs).toHaveLength(2);
    expect(errorsOf(load(`${SIM_HEAD}---\n${jobDoc("etl")}---\n${jobDoc("etl")}`))).toEqual([
      "scenarios/test.yaml:19:9 metadata.name: duplicate Job default/etl: already defined at scenarios/test.yaml:9:9",
    ]);
  });
});

describe("loadScenario: spec.manifests", () => {
  const head = `${SIM_HEAD}spec:\n  manifests: [deploy/]\n`;

  it("loads every .yaml/.yml file of a folder recursively, in lexical order, after the inline ones", () => {
    const s = scenarioOf(
      load(`${head}---\n${jobDoc("inline")}`, {
        "scenarios/deploy/b.yaml": jobDoc("b"),
        "scenarios/deploy/a/z.yml": jobDoc("az"),
        "scenarios/deploy/a/notes.txt": "not yaml",
        "scenarios/deploy/c.yaml": `${jobDoc("c1")}---\n${jobDoc("c2")}`,
      }),
    );
    expect(s.jobs.map((j) => j.metadata.name)).toEqual(["inline", "az", "b", "c1", "c2"]);
  });

  it("locates a manifest error in the manifest's own file", () => {
    const bad = jobDoc("etl").replace("restartPolicy: Never", "restartPolicy: Always");
    expect(errorsOf(load(head, { "scenarios/deploy/etl.yaml": bad }))).toEqual([
      'scenarios/deploy/etl.yaml:8:22 spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it("reports a missing file at its entry", () => {
    const text = `${SIM_HEAD}spec:\n  manifests:\n    - jobs/missing.yaml\n`;
    expect(errorsOf(load(text))).toEqual([
      "scenarios/test.yaml:7:7 spec.manifests[0]: cannot read scenarios/jobs/missing.yaml: no such file or directory",
    ]);
  });

  it("refuses a Simulation document inside a manifests file", () => {
    expect(errorsOf(load(head, { "scenarios/deploy/x.yaml": SIM_HEAD }))).toEqual([
      "scenarios/deploy/x.yaml:2:7 kind: a Simulation document belongs in the scenario file, not in spec.manifests",
    ]);
  });

  it("does not load the scenario file twice when a folder holds it", () => {
    const text = `${SIM_HEAD}spec:\n  manifests: [./]\n---\n${jobDoc("etl")}`;
    expect(scenarioOf(load(text)).jobs).toHaveLength(1);
  });
});

describe("loadScenario: cross-checks", () => {
  it("warns about workloads that match nothing and scriptByIndex on NonIndexed Jobs", () => {
    const text = `${SIM_HEAD}spec:
  workloads:
    - match: {job: nope}
    - match: {job: etl}
      scriptByIndex:
        "1": [{exitCode: 1, after: 1s}]
    - match: {cronJob: ghost}
---
${jobDoc("etl")}`;
    expect(scenarioOf(load(text)).warnings).toEqual([
      'scenarios/test.yaml:7:20 spec.workloads[0].match.job: matches no Job: no Job named "nope" in the scenario',
      "scenarios/test.yaml:10:9 spec.workloads[1].scriptByIndex: the matched Jobs are NonIndexed: scriptByIndex applies to Indexed Jobs only and is ignored",
      'scenarios/test.yaml:11:24 spec.workloads[2].match.cronJob: matches no CronJob: no CronJob named "ghost" in the scenario',
    ]);
  });

  it("reads failure.container and rejects one the matched Job's pod template does not have", () => {
    const text = (container: string) => `${SIM_HEAD}spec:
  workloads:
    - match: {job: etl}
      failure: {probability: 0.5, container: ${container}}
---
${jobDoc("etl")}`;
    expect(scenarioOf(load(text("main"))).simulation.workloads[0]!.failure!.container).toBe("main");
    expect(errorsOf(load(text("sidecar")))).toEqual([
      'scenarios/test.yaml:8:46 spec.workloads[0].failure.container: expected a container of the matched Jobs\' pod template (main), got "sidecar"',
    ]);
    expect(errorsOf(load(text("[a]")))).toEqual([
      "scenarios/test.yaml:8:46 spec.workloads[0].failure.container: expected a container name, got a list",
    ]);
  });

  it("rejects actions on objects that do not exist at their time", () => {
    const text = `${SIM_HEAD}spec:
  actions:
    - {at: 1h, patch: {kind: Job, name: later, spec: {suspend: false}}}
    - at: 2h
      create: {apiVersion: batch/v1, kind: Job, metadata: {name: later}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: c}]}}}}
    - {at: 3h, delete: {kind: Job, name: later}}
    - {at: 4h, delete: {kind: Job, name: later}}
    - {at: 4h, delete: {kind: CronJob, name: etl}}
`;
    expect(errorsOf(load(text))).toEqual([
      "scenarios/test.yaml:7:41 spec.actions[0].patch.name: no Job default/later at 2026-01-01T01:00:00.000Z: not in the scenario's manifests and not created by an earlier action",
      "scenarios/test.yaml:11:42 spec.actions[3].delete.name: no Job default/later at 2026-01-01T04:00:00.000Z: not in the scenario's manifests and not created by an earlier action",
      "scenarios/test.yaml:12:46 spec.actions[4].delete.name: no CronJob default/etl at 2026-01-01T04:00:00.000Z: not in the scenario's manifests and not created by an earlier action",
    ]);
  });

  it("applies --seed over spec.seed", () => {
    const text = `${SIM_HEAD}spec:\n  seed: 42\n`;
    expect(scenarioOf(load(text)).simulation.seed).toBe(42);
    expect(scenarioOf(load(text, {}, 7)).simulation.seed).toBe(7);
  });

  it("collects every error in document order across documents", () => {
    const text = `${jobDoc("a").replace("Never", "Always")}---
${SIM_HEAD}spec:
  seed: -1
  horizn: 1d
`;
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:8:22 spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      "scenarios/test.yaml:16:9 spec.seed: expected an integer >= 0, got -1",
      'scenarios/test.yaml:17:3 spec.horizn: unknown field, did you mean "horizon"?',
    ]);
  });
});

describe("loadScenario: the fixture on disk", () => {
  it("loads test/fixtures/scenarios/etl/etl.yaml with its folders and CSV", () => {
    const s = scenarioOf(loadScenario("test/fixtures/scenarios/etl/etl.yaml"));
    expect(s.simulation.name).toBe("nightly-etl");
    expect(s.jobs.map((j) => `${j.metadata.namespace}/${j.metadata.name}`)).toEqual([
      "default/etl",
      "default/shards",
    ]);
    expect(s.cronJobs.map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual([
      "default/nightly",
      "reports/weekly-report",
    ]);
    expect(s.simulation.workloads[1]!.duration).toEqual({
      kind: "empirical",
      samples: [30_000, 60_000, 90_500],
    });
    expect(s.warnings).toEqual([
      "test/fixtures/scenarios/etl/etl.yaml:96:5 skipping v1 ConfigMap etl-config: jobsim simulates batch/v1 Job and CronJob only",
      "test/fixtures/scenarios/etl/etl.yaml:100:1 skipping apps/v1 Deployment web: jobsim simulates batch/v1 Job and CronJob only",
      "test/fixtures/scenarios/etl/deploy/a-service.yaml:1:1 skipping v1 Service web: jobsim simulates batch/v1 Job and CronJob only",
    ]);
    expect(s.simulation.actions.map((a) => a.kind)).toEqual(["create", "patch", "patch", "delete"]);
  });

  it("never throws, whatever the text", () => {
    for (const text of [
      "",
      "---",
      "[]",
      "- 1\n- 2",
      "a: b: c",
      "\t",
      "{",
      SIM_HEAD.repeat(3),
      "kind: List\napiVersion: v1\nitems: 3",
    ]) {
      const r = load(text);
      expect(r.ok).toBe(false);
    }
  });
});
