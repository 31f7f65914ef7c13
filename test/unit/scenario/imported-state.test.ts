/**
 * Manifests exported from a live cluster: server-set fields accepted and ignored, a CronJob's
 * history read, Jobs with a status or owned by a CronJob of the scenario folded into one warning
 * each, non-Kubernetes YAML skipped, a Kustomization's namespace applied, and a real
 * `kubectl get cronjobs,jobs -A -o yaml` dump (test/fixtures/scenarios/imported) loading as is.
 */
import { describe, expect, it } from "vitest";
import { parseInstant } from "../../../src/engine/time.js";
import { CONTROLLER_UID_PLACEHOLDER } from "../../../src/k8s/job-factory.js";
import { LABEL_CONTROLLER_UID, LABEL_JOB_NAME, LEGACY_LABEL_CONTROLLER_UID } from "../../../src/k8s/types.js";
import { loadScenario } from "../../../src/scenario/load.js";
import { errorsOf, jobDoc, load, memFs, SIM_HEAD, scenarioOf } from "./mem-fs.js";

const START = 'spec:\n  start: "2026-03-04T09:30:00Z"\n';
const UID = "6a2b9c1d-0e3f-4a5b-8c7d-9e0f1a2b3c4d";

const t = (text: string) => parseInstant(text)!;

/** A Job as `kubectl get job -o yaml` prints it: every server-set field, and a status. */
function exportedJob(
  name: string,
  uid = UID,
  status = '  status: {active: 1, startTime: "2026-03-04T09:00:00Z"}\n',
): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"${name}"}}
  creationTimestamp: "2026-03-04T09:00:00Z"
  generateName: ${name}-
  generation: 1
  labels:
    app: etl
    ${LABEL_CONTROLLER_UID}: ${uid}
    ${LABEL_JOB_NAME}: ${name}
    ${LEGACY_LABEL_CONTROLLER_UID}: ${uid}
    job-name: ${name}
  managedFields:
  - {apiVersion: batch/v1, fieldsType: FieldsV1, manager: kubectl, operation: Update, time: "2026-03-04T09:00:00Z"}
  name: ${name}
  namespace: default
  ownerReferences:
  - {apiVersion: argoproj.io/v1alpha1, kind: Workflow, name: wf, uid: 11111111-2222-3333-4444-555555555555, controller: true}
  resourceVersion: "4822001"
  selfLink: /apis/batch/v1/namespaces/default/jobs/${name}
  uid: ${uid}
spec:
  backoffLimit: 6
  completionMode: NonIndexed
  completions: 1
  parallelism: 1
  podReplacementPolicy: TerminatingOrFailed
  selector:
    matchLabels:
      ${LABEL_CONTROLLER_UID}: ${uid}
  suspend: false
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: etl
        ${LABEL_CONTROLLER_UID}: ${uid}
        ${LABEL_JOB_NAME}: ${name}
        ${LEGACY_LABEL_CONTROLLER_UID}: ${uid}
        job-name: ${name}
    spec:
      containers: [{name: main, image: busybox, resources: {}, terminationMessagePath: /dev/termination-log}]
      dnsPolicy: ClusterFirst
      restartPolicy: Never
      schedulerName: default-scheduler
      terminationGracePeriodSeconds: 30
${status.replace(/^ {2}/, "")}`;
}

function cronJobDoc(name: string, extra = "", namespace = "default"): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
  namespace: ${namespace}
${extra}spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
}

describe("server-set fields of an exported Job", () => {
  it("are accepted and ignored; the generated selector and uid labels are generated afresh", () => {
    const s = scenarioOf(load(`${SIM_HEAD}${START}---\n${exportedJob("etl")}`));
    const job = s.jobs[0]!;
    expect(job.spec.selector).toEqual({
      matchLabels: { [LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER },
    });
    expect(job.spec.template.metadata.labels).toEqual({
      app: "etl",
      [LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER,
      [LABEL_JOB_NAME]: "etl",
      [LEGACY_LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER,
      "job-name": "etl",
    });
    expect(job.spec.manualSelector).toBe(false);
    expect(s.warnings).toEqual([
      "scenarios/test.yaml:57:9 status: 1 Job carries a status from a live cluster (default/etl); jobsim starts it afresh at spec.start",
    ]);
  });

  it("accepts the legacy controller-uid selector of clusters before 1.27", () => {
    const doc = exportedJob("etl", UID, "").replace(
      `      ${LABEL_CONTROLLER_UID}: ${UID}\n  suspend`,
      `      ${LEGACY_LABEL_CONTROLLER_UID}: ${UID}\n  suspend`,
    );
    expect(doc).toContain(`matchLabels:\n      ${LEGACY_LABEL_CONTROLLER_UID}: ${UID}`);
    const s = scenarioOf(load(`${SIM_HEAD}${START}---\n${doc}`));
    expect(s.jobs[0]!.spec.selector.matchLabels).toEqual({
      [LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER,
    });
    expect(s.warnings).toEqual([]);
  });

  it("still refuses a selector the API server did not generate", () => {
    // Another Job's uid (metadata.uid disagrees), and a selector on a user label.
    const other = exportedJob("etl", UID, "").replace(
      `  uid: ${UID}\n`,
      "  uid: 00000000-0000-0000-0000-000000000001\n",
    );
    expect(errorsOf(load(`${SIM_HEAD}${START}---\n${other}`))).toEqual([
      expect.stringMatching(
        /^scenarios\/test\.yaml:\d+:5 spec\.selector: Invalid value: .*`selector` not auto-generated$/,
      ),
    ]);
    const byApp = jobDoc("etl", "  selector: {matchLabels: {app: etl}}\n");
    expect(errorsOf(load(`${SIM_HEAD}---\n${byApp}`))).toEqual([
      expect.stringMatching(/spec\.selector: Invalid value: .*`selector` not auto-generated$/),
    ]);
  });

  it("keeps manualSelector: true as written (the API server's rules for a re-apply)", () => {
    const manual = jobDoc("etl", "  manualSelector: true\n  selector: {matchLabels: {app: etl}}\n").replace(
      "  template:\n",
      "  template:\n    metadata: {labels: {app: etl}}\n",
    );
    const s = scenarioOf(load(`${SIM_HEAD}---\n${manual}`));
    expect(s.jobs[0]!.spec.selector).toEqual({ matchLabels: { app: "etl" } });
  });

  it("folds the status warning for many Jobs into one", () => {
    const docs = ["a", "b", "c", "d", "e"].map((n) => exportedJob(n, `uid-${n}`)).join("---\n");
    const s = scenarioOf(load(`${SIM_HEAD}${START}---\n${docs}`));
    expect(s.jobs).toHaveLength(5);
    expect(s.warnings).toEqual([
      "scenarios/test.yaml:57:9 status: 5 Jobs carry a status from a live cluster (default/a, default/b, default/c and 2 more); jobsim starts them afresh at spec.start",
    ]);
  });

  it("refuses generateName without a name, as before", () => {
    const doc = jobDoc("x").replace("  name: x\n", "  generateName: x-\n");
    expect(errorsOf(load(`${SIM_HEAD}---\n${doc}`))[0]).toMatch(
      /metadata\.generateName: Forbidden: jobsim needs a fixed metadata\.name/,
    );
  });
});

describe("an exported CronJob's history", () => {
  it("reads creationTimestamp, lastScheduleTime and lastSuccessfulTime", () => {
    const doc = cronJobDoc(
      "nightly",
      '  creationTimestamp: "2026-01-10T08:00:00Z"\n  uid: 1f0f7a2e\n  resourceVersion: "4821937"\n',
    ).concat(
      'status:\n  active: [{kind: Job, name: nightly-1, namespace: default, uid: x}]\n  lastScheduleTime: "2026-03-04T02:00:00Z"\n  lastSuccessfulTime: "2026-03-04T02:01:10Z"\n',
    );
    const s = scenarioOf(load(`${SIM_HEAD}${START}---\n${doc}`));
    expect(s.cronJobs[0]!.imported).toEqual({
      creationTimestamp: t("2026-01-10T08:00:00Z"),
      lastScheduleTime: t("2026-03-04T02:00:00Z"),
      lastSuccessfulTime: t("2026-03-04T02:01:10Z"),
    });
  });

  it("has none when the manifest is as written in a repository", () => {
    const s = scenarioOf(load(`${SIM_HEAD}---\n${cronJobDoc("nightly")}`));
    expect(s.cronJobs[0]!.imported).toBeUndefined();
  });

  it("refuses a malformed time, and a history after spec.start", () => {
    const bad = cronJobDoc("a", "  creationTimestamp: yesterday\n");
    const late = cronJobDoc("b", "").concat('status: {lastScheduleTime: "2026-03-05T02:00:00Z"}\n');
    expect(errorsOf(load(`${SIM_HEAD}${START}---\n${bad}---\n${late}`))).toEqual([
      'scenarios/test.yaml:13:22 metadata.creationTimestamp: Invalid value: "yesterday": must be an RFC 3339 time such as "2026-03-01T02:00:00Z"',
      "scenarios/test.yaml:30:28 status.lastScheduleTime: is after spec.start (2026-03-04T09:30:00.000Z): the simulation starts with the CronJob as exported; set spec.start to the time of the export or later",
    ]);
  });
});

describe("Jobs owned by a CronJob of the scenario", () => {
  const owned = (name: string, owner: string) =>
    jobDoc(name).replace(
      `  name: ${name}\n`,
      `  name: ${name}\n  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: ${owner}, uid: u, controller: true}]\n`,
    );

  it("are skipped with one warning; Jobs of CronJobs not in the scenario are kept", () => {
    const text = [
      SIM_HEAD,
      cronJobDoc("nightly"),
      owned("nightly-1", "nightly"),
      owned("nightly-2", "nightly"),
      owned("other-1", "other"),
    ].join("---\n");
    const s = scenarioOf(load(text));
    expect(s.jobs.map((j) => j.metadata.name)).toEqual(["other-1"]);
    expect(s.warnings).toEqual([
      "scenarios/test.yaml:21:20 metadata.ownerReferences: skipped 2 Jobs owned by a CronJob of the scenario (default/nightly-1, default/nightly-2): a CronJob starts without the Jobs it ran in the live cluster",
    ]);
  });
});

describe("non-Kubernetes YAML and Kustomizations in spec.manifests", () => {
  const scenario = `${SIM_HEAD}spec:\n  manifests: [deploy/]\n`;

  it("skips files without a kind with one warning naming the first few", () => {
    const s = scenarioOf(
      load(scenario, {
        "scenarios/deploy/Chart.yaml": "apiVersion: v2\nname: batch\nversion: 0.3.1\n",
        "scenarios/deploy/values.yaml": "replicaCount: 1\nimage: {repository: busybox}\n",
        "scenarios/deploy/values-prod.yaml": "replicaCount: 3\n",
        "scenarios/deploy/list.yaml": "- a\n- b\n",
        "scenarios/deploy/job.yaml": jobDoc("etl"),
      }),
    );
    expect(s.jobs.map((j) => j.metadata.name)).toEqual(["etl"]);
    expect(s.warnings).toEqual([
      "scenarios/test.yaml:6:15 spec.manifests[0]: skipped 4 files of spec.manifests holding documents that are no Kubernetes object (no kind, as in a Helm values.yaml): scenarios/deploy/Chart.yaml, scenarios/deploy/list.yaml, scenarios/deploy/values-prod.yaml and 1 more",
    ]);
  });

  it("still refuses a document with a kind but no apiVersion", () => {
    expect(
      errorsOf(load(scenario, { "scenarios/deploy/job.yaml": "kind: Job\nmetadata: {name: x}\n" })),
    ).toEqual([
      "scenarios/deploy/job.yaml:1:1 apiVersion: expected an apiVersion such as batch/v1, got nothing",
    ]);
  });

  it("applies a Kustomization's namespace to its folder and the folders below; the outermost wins", () => {
    const s = scenarioOf(
      load(scenario, {
        "scenarios/deploy/top.yaml": jobDoc("top"),
        "scenarios/deploy/team/kustomization.yaml": "namespace: team-a\nresources: [job.yaml]\n",
        "scenarios/deploy/team/job.yaml": jobDoc("a").replace(
          "  name: a\n",
          "  name: a\n  namespace: default\n",
        ),
        "scenarios/deploy/team/sub/cron.yaml": cronJobDoc("c", "", "elsewhere"),
        "scenarios/deploy/team/sub/kustomization.yml":
          "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: inner\n",
      }),
    );
    expect(s.jobs.map((j) => `${j.metadata.namespace}/${j.metadata.name}`)).toEqual([
      "team-a/a",
      "default/top",
    ]);
    expect(s.cronJobs.map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual(["team-a/c"]);
    expect(s.warnings).toEqual([]);
  });

  it("warns about what of a Kustomization it ignores, and checks its namespace", () => {
    const files = {
      "scenarios/deploy/kustomization.yaml":
        "namespace: ops\nnamePrefix: prod-\nresources: [job.yaml, ../base, https://example.com/x.yaml]\npatches: [{path: p.yaml}]\n",
      "scenarios/deploy/job.yaml": jobDoc("etl"),
    };
    const s = scenarioOf(load(scenario, files));
    expect(s.jobs[0]!.metadata.namespace).toBe("ops");
    expect(s.warnings).toEqual([
      "scenarios/deploy/kustomization.yaml:1:1 jobsim applies only the namespace of a Kustomization (and reads every YAML file of its folder); ignored: namePrefix, patches; resources outside this folder are not read: ../base, https://example.com/x.yaml",
    ]);
    const bad = { ...files, "scenarios/deploy/kustomization.yaml": "namespace: Team_A\n" };
    expect(errorsOf(load(scenario, bad))).toEqual([
      expect.stringMatching(
        /^scenarios\/deploy\/kustomization\.yaml:1:12 namespace: Invalid value: "Team_A": a lowercase RFC 1123 label/,
      ),
    ]);
  });
});

describe("a kubectl get cronjobs,jobs -A -o yaml dump", () => {
  it("loads as is, with the Helm files skipped and the Kustomize overlay's namespace applied", () => {
    const s = scenarioOf(loadScenario("test/fixtures/scenarios/imported/scenario.yaml"));
    expect(s.cronJobs.map((c) => [`${c.metadata.namespace}/${c.metadata.name}`, c.imported])).toEqual([
      [
        "ops/nightly",
        {
          creationTimestamp: t("2026-01-10T08:00:00Z"),
          lastScheduleTime: t("2026-03-04T02:00:00Z"),
          lastSuccessfulTime: t("2026-03-04T02:01:10Z"),
        },
      ],
      [
        "default/report",
        {
          creationTimestamp: t("2025-11-02T10:15:00Z"),
          lastScheduleTime: t("2026-03-03T08:00:00Z"),
          lastSuccessfulTime: null,
        },
      ],
    ]);
    expect(s.jobs.map((j) => `${j.metadata.namespace}/${j.metadata.name}`)).toEqual([
      "default/backfill-x7k2p",
      "team-a/cleanup",
    ]);
    const dir = "test/fixtures/scenarios/imported";
    expect(s.warnings).toEqual([
      `${dir}/scenario.yaml:10:15 spec.manifests[0]: skipped 2 files of spec.manifests holding documents that are no Kubernetes object (no kind, as in a Helm values.yaml): ${dir}/live/Chart.yaml, ${dir}/live/values.yaml`,
      `${dir}/live/dump.yaml:108:5 items[2].metadata.ownerReferences: skipped 1 Job owned by a CronJob of the scenario (ops/nightly-29542440): a CronJob starts without the Jobs it ran in the live cluster`,
      `${dir}/live/dump.yaml:198:5 items[3].status: 1 Job carries a status from a live cluster (default/backfill-x7k2p); jobsim starts it afresh at spec.start`,
      `${dir}/live/team-a/kustomization.yaml:1:1 jobsim applies only the namespace of a Kustomization (and reads every YAML file of its folder); ignored: namePrefix, patches; resources outside this folder are not read: ../../base`,
    ]);
  });

  it("reads a scenario given as text (standard input) with its files relative to the current folder", () => {
    const text = `${SIM_HEAD}spec:\n  start: "2026-03-04T09:30:00Z"\n  manifests: [deploy/]\n`;
    const fs = memFs({ "deploy/job.yaml": jobDoc("etl") });
    const s = scenarioOf(loadScenario("<stdin>", { ...fs, text }));
    expect(s.file).toBe("<stdin>");
    expect(s.jobs.map((j) => j.metadata.name)).toEqual(["etl"]);
    expect(errorsOf(loadScenario("<stdin>", { ...fs, text: text.replace("deploy/", "../deploy/") }))).toEqual(
      [
        "<stdin>:7:15 spec.manifests[0]: cannot read ../deploy/: is outside the current folder (./): a scenario read from standard input may name only files inside the current folder, symbolic links included",
      ],
    );
  });
});
