import { describe, expect, it } from "vitest";
import { CONTROLLER_UID_PLACEHOLDER, withControllerUid } from "../../../src/k8s/job-factory.js";
import { countIndexes } from "../../../src/scenario/job-manifest.js";
import { parseQuantity } from "../../../src/scenario/k8s-fields.js";
import { errorsOf, load, SIM_HEAD, scenarioOf } from "./mem-fs.js";

/** A scenario whose only Job has `spec` (indented by two spaces) after `metadata`. */
function job(spec: string, metadata = "  name: etl\n"): string {
  return `${SIM_HEAD}---\napiVersion: batch/v1\nkind: Job\nmetadata:\n${metadata}spec:\n${spec}`;
}
const TEMPLATE = "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: main}]\n";

describe("Job defaulting (as pkg/apis/batch/v1/defaults.go)", () => {
  it("defaults a minimal Job", () => {
    const j = scenarioOf(load(job(TEMPLATE))).jobs[0]!;
    expect(j.metadata).toEqual({ name: "etl", namespace: "default", labels: {}, annotations: {} });
    const { template, selector, ...rest } = j.spec;
    expect(rest).toEqual({
      parallelism: 1,
      completions: 1,
      completionMode: "NonIndexed",
      activeDeadlineSeconds: null,
      backoffLimit: 6,
      backoffLimitPerIndex: null,
      maxFailedIndexes: null,
      podFailurePolicy: null,
      successPolicy: null,
      suspend: false,
      ttlSecondsAfterFinished: null,
      podReplacementPolicy: "TerminatingOrFailed",
      manualSelector: false,
      managedBy: null,
    });
    expect(selector).toEqual({
      matchLabels: { "batch.kubernetes.io/controller-uid": CONTROLLER_UID_PLACEHOLDER },
    });
    expect(template.metadata.labels).toEqual({
      "controller-uid": CONTROLLER_UID_PLACEHOLDER,
      "job-name": "etl",
      "batch.kubernetes.io/controller-uid": CONTROLLER_UID_PLACEHOLDER,
      "batch.kubernetes.io/job-name": "etl",
    });
    expect(template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(template.spec.containers).toEqual([
      { name: "main", env: [], image: null, resources: { requests: {}, limits: {} }, restartPolicy: null },
    ]);
  });

  it("fills the uid placeholder when the store creates the Job", () => {
    const j = scenarioOf(load(job(TEMPLATE))).jobs[0]!;
    const filled = withControllerUid(j.spec, "uid-1");
    expect(filled.selector.matchLabels).toEqual({ "batch.kubernetes.io/controller-uid": "uid-1" });
    expect(filled.template.metadata.labels["controller-uid"]).toBe("uid-1");
    expect(j.spec.selector.matchLabels["batch.kubernetes.io/controller-uid"]).toBe(
      CONTROLLER_UID_PLACEHOLDER,
    );
  });

  it("keeps completions null for a work queue and defaults parallelism", () => {
    const a = scenarioOf(load(job(`  parallelism: 3\n${TEMPLATE}`))).jobs[0]!.spec;
    expect([a.parallelism, a.completions]).toEqual([3, null]);
    const b = scenarioOf(load(job(`  completions: 4\n${TEMPLATE}`))).jobs[0]!.spec;
    expect([b.parallelism, b.completions]).toEqual([1, 4]);
  });

  it("defaults backoffLimit to MaxInt32 with backoffLimitPerIndex, and podReplacementPolicy to Failed with a pod failure policy", () => {
    const spec = `  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n  podFailurePolicy:\n    rules:\n      - {action: Ignore, onPodConditions: [{type: DisruptionTarget}]}\n${TEMPLATE}`;
    const s = scenarioOf(load(job(spec))).jobs[0]!.spec;
    expect(s.backoffLimit).toBe(2147483647);
    expect(s.podReplacementPolicy).toBe("Failed");
    expect(s.podFailurePolicy!.rules[0]!.onPodConditions).toEqual([
      { type: "DisruptionTarget", status: "True" },
    ]);
  });

  it("copies template labels to an unlabelled Job, and parses resource quantities", () => {
    const spec = `  template:
    metadata:
      labels: {app: etl}
    spec:
      restartPolicy: OnFailure
      containers:
        - name: main
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {cpu: 2, memory: 512M}
`;
    const j = scenarioOf(load(job(spec))).jobs[0]!;
    expect(j.metadata.labels).toEqual({ app: "etl" });
    expect(j.spec.template.spec.containers[0]!.resources).toEqual({
      requests: { cpu: 0.5, memory: 1073741824 },
      limits: { cpu: 2, memory: 512_000_000 },
    });
  });

  it("drops fields whose feature gate is off, with a warning", () => {
    const text = job(
      `  podFailurePolicy:\n    rules: [{action: FailJob, onExitCodes: {operator: In, values: [1]}}]\n${TEMPLATE}`,
    ).replace(
      "metadata:\n  name: t\n",
      "metadata:\n  name: t\nspec:\n  controller:\n    featureGates: {JobPodFailurePolicy: false}\n",
    );
    const s = scenarioOf(load(text));
    expect(s.jobs[0]!.spec.podFailurePolicy).toBeNull();
    expect(s.warnings).toEqual([
      "scenarios/test.yaml:15:5 spec.podFailurePolicy: ignored: feature gate JobPodFailurePolicy is off",
    ]);
  });
});

describe("Job validation, with the API server's messages", () => {
  it("refuses restartPolicy Always and a missing restartPolicy", () => {
    expect(errorsOf(load(job(TEMPLATE.replace("Never", "Always"))))).toEqual([
      'scenarios/test.yaml:13:22 spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
    expect(errorsOf(load(job("  template:\n    spec:\n      containers: [{name: main}]\n")))).toEqual([
      'scenarios/test.yaml:12:5 spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it("refuses negative counts and non-integers", () => {
    expect(
      errorsOf(
        load(job(`  backoffLimit: -1\n  parallelism: "2"\n  activeDeadlineSeconds: 1.5\n${TEMPLATE}`)),
      ),
    ).toEqual([
      "scenarios/test.yaml:11:17 spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
      'scenarios/test.yaml:12:16 spec.parallelism: Invalid value: "2": must be an integer',
      "scenarios/test.yaml:13:26 spec.activeDeadlineSeconds: Invalid value: 1.5: must be an integer",
    ]);
  });

  it("checks names: required, RFC 1123, at most 63 characters, no generateName", () => {
    expect(errorsOf(load(job(TEMPLATE, "  namespace: x\n")))).toEqual([
      "scenarios/test.yaml:8:1 metadata.name: Required value: name or generateName is required",
    ]);
    expect(errorsOf(load(job(TEMPLATE, `  name: ${"a".repeat(64)}\n`)))).toEqual([
      `scenarios/test.yaml:9:9 metadata.name: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`,
    ]);
    expect(errorsOf(load(job(TEMPLATE, "  name: ETL\n")))[0]).toBe(
      "scenarios/test.yaml:9:9 metadata.name: Invalid value: \"ETL\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    expect(errorsOf(load(job(TEMPLATE, "  generateName: etl-\n")))).toEqual([
      "scenarios/test.yaml:9:17 metadata.generateName: Forbidden: jobsim needs a fixed metadata.name (reports and actions refer to it); generateName is not supported",
    ]);
  });

  it("requires containers with unique names", () => {
    expect(errorsOf(load(job("  template:\n    spec:\n      restartPolicy: Never\n")))).toEqual([
      "scenarios/test.yaml:12:5 spec.template.spec.containers: Required value",
    ]);
    expect(
      errorsOf(
        load(
          job(
            "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a}, {name: a}, {image: x}]\n",
          ),
        ),
      ),
    ).toEqual([
      'scenarios/test.yaml:14:38 spec.template.spec.containers[1].name: Duplicate value: "a"',
      "scenarios/test.yaml:14:42 spec.template.spec.containers[2].name: Required value",
    ]);
  });

  it("validates the pod failure policy", () => {
    const spec = `  podFailurePolicy:
    rules:
      - {action: FailIndex, onExitCodes: {operator: In, values: [0, 3, 2, 2]}}
      - {action: Explode, onPodConditions: [{type: DisruptionTarget}], onExitCodes: {operator: NotIn, values: [1]}}
      - {action: Count, onExitCodes: {containerName: nope, operator: In, values: [1]}}
  template:
    spec:
      restartPolicy: OnFailure
      containers: [{name: main}]
`;
    expect(errorsOf(load(job(spec)))).toEqual([
      'scenarios/test.yaml:13:18 spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      "scenarios/test.yaml:13:66 spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
      "scenarios/test.yaml:13:72 spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Invalid value: 2: must be ordered",
      "scenarios/test.yaml:13:75 spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 2",
      "scenarios/test.yaml:14:9 spec.podFailurePolicy.rules[1]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
      'scenarios/test.yaml:14:18 spec.podFailurePolicy.rules[1].action: Unsupported value: "Explode": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'scenarios/test.yaml:15:54 spec.podFailurePolicy.rules[2].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      'scenarios/test.yaml:18:22 spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
  });

  it("validates per-index backoff and the success policy against the completion mode", () => {
    const spec = `  completions: 4\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 5\n  successPolicy:\n    rules: [{succeededIndexes: "0-2,1", succeededCount: 9}]\n${TEMPLATE}`;
    expect(errorsOf(load(job(spec)))).toEqual([
      "scenarios/test.yaml:12:25 spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
      "scenarios/test.yaml:13:21 spec.maxFailedIndexes: Invalid value: 5: requires indexed completion mode",
      "scenarios/test.yaml:13:21 spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions",
      'scenarios/test.yaml:15:5 spec.successPolicy: Invalid value: {"rules":[{"succeededIndexes":"0-2,1","succeededCount":9}]}: requires indexed completion mode',
      'scenarios/test.yaml:15:32 spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1',
      "scenarios/test.yaml:15:57 spec.successPolicy.rules[0].succeededCount: Invalid value: 9: must be less than or equal to 4 (the number of specified completions)",
    ]);
    // Both unset default to 1 (so Indexed alone is fine); parallelism alone leaves completions unset.
    expect(scenarioOf(load(job(`  completionMode: Indexed\n${TEMPLATE}`))).jobs[0]!.spec.completions).toBe(1);
    expect(errorsOf(load(job(`  completionMode: Indexed\n  parallelism: 2\n${TEMPLATE}`)))).toEqual([
      "scenarios/test.yaml:10:1 spec.completions: Required value: when completion mode is Indexed",
    ]);
  });

  it("refuses a selector that was not asked for, and checks a manual one", () => {
    expect(errorsOf(load(job(`  selector: {matchLabels: {a: b}}\n${TEMPLATE}`)))).toEqual([
      'scenarios/test.yaml:11:13 spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` not auto-generated',
    ]);
    const manual = `  manualSelector: true\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: y}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: c}]\n`;
    expect(errorsOf(load(job(manual)))).toEqual([
      'scenarios/test.yaml:14:24 spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`',
    ]);
  });

  it("parses quantities and interval text", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("1Gi")).toBe(2 ** 30);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("2k")).toBe(2000);
    expect(parseQuantity("abc")).toBeUndefined();
    expect(countIndexes("0-2,4", 5)).toBe(4);
    expect(countIndexes("5", 5)).toBe("too large index: 5");
  });
});
