/**
 * The JSON Schema (draft-07) of a scenario file's documents, for editors: the Simulation document
 * field by field, and Job, CronJob and List manifests as open objects with their main fields.
 * `npm run schema` writes it to schema/simulation.schema.json. The loader (simulation.ts and the
 * modules it calls) is hand-written validation, so the lists it shares are imported from it
 * (feature gates, distribution kinds, script outcomes, Job and CronJob spec fields, the duration,
 * rate and name patterns), and test/unit/scenario/simulation-schema.test.ts fails when the
 * loader accepts a field this schema lacks, or the other way round.
 */
import { DURATION_PATTERN, RFC3339_PATTERN } from "../engine/time.js";
import { KNOWN_FEATURE_GATES } from "../k8s/feature-gates.js";
import { ARRIVAL_RATE_PATTERN } from "./arrivals.js";
import { BURST_RATE_PATTERN } from "./cluster.js";
import { TIMED_CONTROLLERS } from "./control-plane-section.js";
import { CRONJOB_SPEC_FIELD_NAMES } from "./cronjob-manifest.js";
import { DISTRIBUTION_KINDS } from "./durations.js";
import { JOB_SPEC_FIELD_NAMES } from "./job-manifest.js";
import { MAX_INT32, MAX_SECONDS, MIN_INT32 } from "./k8s-fields.js";
import { NODE_VERBS } from "./pod-node-actions.js";
import { NAME_RE, SCRIPT_OUTCOMES } from "./simulation-document.js";
import { MAX_SWEEP_SEEDS } from "./sweep-section.js";

/** A JSON Schema node. */
export type SchemaNode = { [key: string]: unknown };

/** Where the schema file is, relative to the package root (scenarios/ reference it as ../schema/...). */
export const SCHEMA_FILE = "schema/simulation.schema.json";

const ref = (name: string): SchemaNode => ({ $ref: `#/definitions/${name}` });

/** A mapping with exactly these fields (the loader's "unknown field" check). */
function closed(properties: Record<string, SchemaNode>, more: SchemaNode = {}): SchemaNode {
  return { type: "object", properties, additionalProperties: false, ...more };
}

/** A mapping with one key naming the kind: `{uniform: {...}}`. */
function oneKey(key: string, value: SchemaNode): SchemaNode {
  return closed({ [key]: value }, { required: [key] });
}

const int = (minimum: number, maximum?: number, description?: string): SchemaNode => ({
  type: "integer",
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
  ...(description === undefined ? {} : { description }),
});
const str = (description?: string): SchemaNode => ({
  type: "string",
  ...(description === undefined ? {} : { description }),
});
const probability: SchemaNode = { type: "number", minimum: 0, maximum: 1 };
const stringMap: SchemaNode = { type: "object", additionalProperties: { type: "string" } };
const exitCode: SchemaNode = { type: "integer", minimum: MIN_INT32, maximum: MAX_INT32 };

/** Each distribution kind's parameters (constant is a bare duration too). */
const DISTRIBUTION_PARAMS: Record<(typeof DISTRIBUTION_KINDS)[number], SchemaNode> = {
  constant: ref("duration"),
  uniform: closed({ min: ref("duration"), max: ref("duration") }, { required: ["min", "max"] }),
  exponential: closed({ mean: ref("duration") }, { required: ["mean"] }),
  normal: closed({ mean: ref("duration"), stddev: ref("duration") }, { required: ["mean", "stddev"] }),
  lognormal: {
    oneOf: [
      closed({ p50: ref("duration"), p99: ref("duration") }, { required: ["p50", "p99"] }),
      closed(
        { median: ref("duration"), sigma: { type: "number", exclusiveMinimum: 0 } },
        { required: ["median", "sigma"] },
      ),
    ],
  },
  weibull: closed(
    { shape: { type: "number", exclusiveMinimum: 0 }, scale: ref("duration") },
    { required: ["shape", "scale"] },
  ),
  shiftedExponential: closed({ min: ref("duration"), mean: ref("duration") }, { required: ["min", "mean"] }),
  empirical: {
    oneOf: [
      closed({ samples: { type: "array", minItems: 1, items: ref("duration") } }, { required: ["samples"] }),
      closed(
        { file: str("a CSV file beside the scenario"), column: str("a column of its header") },
        { required: ["file"] },
      ),
    ],
  },
  mixture: {
    type: "array",
    minItems: 1,
    items: closed(
      { weight: { type: "number", exclusiveMinimum: 0 }, dist: ref("distribution") },
      { required: ["weight", "dist"] },
    ),
  },
};

const scriptEntry: SchemaNode = closed(
  {
    exitCode,
    oomKilled: { const: true },
    disruption: { const: true },
    hang: { const: true },
    after: ref("duration"),
    container: str(),
  },
  { oneOf: SCRIPT_OUTCOMES.map((o) => ({ required: [o] })) },
);
const script: SchemaNode = { type: "array", minItems: 1, items: scriptEntry };

const workload = closed(
  {
    match: closed({ job: str("a Job name"), cronJob: str("a CronJob name"), labels: stringMap }),
    duration: ref("distribution"),
    failure: closed(
      {
        probability,
        after: ref("distribution"),
        exitCodes: {
          type: "object",
          minProperties: 1,
          propertyNames: { pattern: "^-?[0-9]+$" },
          additionalProperties: { type: "number", exclusiveMinimum: 0 },
        },
        container: str(),
      },
      { required: ["probability"] },
    ),
    disruption: closed({ perHour: { type: "number", minimum: 0 } }, { required: ["perHour"] }),
    script,
    scriptByIndex: { type: "object", propertyNames: { pattern: "^[0-9]+$" }, additionalProperties: script },
    workQueue: closed(
      {
        items: int(1),
        itemDuration: ref("distribution"),
        itemFailure: closed({ probability, exitCode }, { required: ["probability"] }),
      },
      { required: ["items", "itemDuration"] },
    ),
  },
  { required: ["match"] },
);

const perController = (node: SchemaNode): SchemaNode =>
  closed(Object.fromEntries(TIMED_CONTROLLERS.map((c) => [c, node])));

const controller = closed({
  timeZone: str("an IANA time zone such as Europe/Berlin (default UTC)"),
  outages: {
    type: "array",
    items: closed(
      {
        start: ref("instant"),
        duration: ref("duration"),
        kind: {
          enum: ["stop", "restart"],
          description: "stop (default) or restart (leader-election takeover)",
        },
      },
      {
        required: ["start"],
        // A stop needs its duration; a restart's is optional (the time until a candidate campaigns).
        anyOf: [
          { required: ["duration"] },
          { properties: { kind: { const: "restart" } }, required: ["kind"] },
        ],
      },
    ),
  },
  featureGates: closed(Object.fromEntries(KNOWN_FEATURE_GATES.map((g) => [g, { type: "boolean" }]))),
  informerDelay: ref("distribution"),
  syncDuration: perController(ref("distribution")),
  concurrentSyncs: perController(int(1, 10_000)),
  leaderElection: closed({
    leaseDuration: ref("duration"),
    renewDeadline: ref("duration"),
    retryPeriod: ref("duration"),
  }),
});

const quantity: SchemaNode = { type: ["string", "number"] };
const cluster = closed({
  capacity: closed({ pods: int(1) }, { required: ["pods"] }),
  podStartup: ref("distribution"),
  podShutdown: ref("distribution"),
  nodes: {
    type: "array",
    minItems: 1,
    items: closed(
      {
        name: str(),
        count: int(1, 100_000),
        allocatable: closed({ cpu: quantity, memory: quantity, pods: int(1, 100_000) }),
      },
      { required: ["allocatable"] },
    ),
  },
  priorityClasses: { type: "object", additionalProperties: int(MIN_INT32, 1_000_000_000) },
  disruptions: {
    type: "array",
    items: closed(
      { at: ref("instant"), rate: { type: "string", pattern: BURST_RATE_PATTERN }, fraction: probability },
      { required: ["fraction"], oneOf: [{ required: ["at"] }, { required: ["rate"] }] },
    ),
  },
});

const arrival = closed(
  {
    template: {
      oneOf: [
        str("a Job declared in the scenario (NAME or NAMESPACE/NAME)"),
        { type: "object", properties: { kind: { const: "Job" }, apiVersion: { const: "batch/v1" } } },
      ],
    },
    every: ref("duration"),
    rate: { type: "string", pattern: ARRIVAL_RATE_PATTERN },
    count: int(1),
    start: ref("instant"),
  },
  { required: ["template"], oneOf: [{ required: ["every"] }, { required: ["rate"] }] },
);

const metadataChange = closed({ labels: stringMap, annotations: stringMap });
const target = { name: str(), namespace: str() };
const patchOf = (kind: "Job" | "CronJob", fields: readonly string[]): SchemaNode =>
  closed(
    {
      kind: { const: kind },
      ...target,
      spec: closed(Object.fromEntries(fields.map((f) => [f, {}]))),
      metadata: metadataChange,
    },
    { required: ["kind", "name"] },
  );
/** `delete: {kind: Pod, ...}` and `evict:`: pods chosen by their Job (scenario/pod-node-actions.ts). */
const podSelector = {
  job: str("the Job whose pods to select"),
  namespace: str(),
  index: int(0, MAX_INT32, "only pods of this completion index (Indexed Jobs)"),
  count: int(1, MAX_INT32, "how many pods, oldest first (default 1)"),
  gracePeriodSeconds: int(0, MAX_SECONDS, "default: the pod's terminationGracePeriodSeconds"),
};
const VERBS = ["create", "patch", "delete", "evict", ...NODE_VERBS] as const;
const action = closed(
  {
    at: ref("instant"),
    create: { oneOf: [ref("Job"), ref("CronJob")] },
    patch: { oneOf: [patchOf("Job", JOB_SPEC_FIELD_NAMES), patchOf("CronJob", CRONJOB_SPEC_FIELD_NAMES)] },
    delete: {
      oneOf: [
        closed(
          {
            kind: { const: "Job" },
            ...target,
            propagationPolicy: { enum: ["Foreground", "Background", "Orphan"] },
          },
          { required: ["kind", "name"] },
        ),
        closed({ kind: { const: "CronJob" }, ...target }, { required: ["kind", "name"] }),
        closed({ kind: { const: "Pod" }, ...podSelector }, { required: ["kind", "job"] }),
      ],
    },
    evict: closed({ kind: { const: "Pod" }, ...podSelector }, { required: ["job"] }),
    ...Object.fromEntries(NODE_VERBS.map((v) => [v, closed({ node: str() }, { required: ["node"] })])),
  },
  { required: ["at"], oneOf: VERBS.map((v) => ({ required: [v] })) },
);

/** `spec.sweep`: PATH -> a non-empty list of values, in a grid or a zip (paths are checked by sim validate). */
const sweepAxes: SchemaNode = {
  type: "object",
  minProperties: 1,
  additionalProperties: { type: "array", minItems: 1 },
};
const sweep = closed(
  {
    grid: {
      ...sweepAxes,
      description: "cartesian product: Job/NAME.field.path or a Simulation path -> values",
    },
    zip: { ...sweepAxes, description: "lists of equal length: point i takes the i-th value of each" },
    seeds: int(1, MAX_SWEEP_SEEDS, "default number of seeds for sim sweep"),
  },
  { anyOf: [{ required: ["grid"] }, { required: ["zip"] }] },
);

const simulation = closed(
  {
    apiVersion: { const: "jobsim.dev/v1alpha1" },
    kind: { const: "Simulation" },
    metadata: closed(
      {
        name: { type: "string", pattern: NAME_RE.source, maxLength: 253 },
        labels: stringMap,
        annotations: stringMap,
      },
      { required: ["name"] },
    ),
    spec: closed(
      {
        seed: int(0, Number.MAX_SAFE_INTEGER, "the seed of every random stream (default 1)"),
        start: {
          type: "string",
          pattern: RFC3339_PATTERN,
          description: "RFC 3339 (default 2026-01-01T00:00:00Z)",
        },
        horizon: { ...ref("duration"), description: "how long to simulate (default 1d); or until" },
        until: ref("instant"),
        manifests: { type: "array", items: str("a file or folder beside the scenario") },
        controller,
        cluster,
        workloads: { type: "array", items: workload },
        actions: { type: "array", items: action },
        arrivals: { type: "array", items: arrival },
        sweep,
      },
      { not: { required: ["horizon", "until"] } },
    ),
  },
  { required: ["apiVersion", "kind", "metadata"] },
);

/** Job and CronJob manifests: open (the API server's unknown fields are warnings), main fields typed. */
const objectMeta: SchemaNode = {
  type: "object",
  properties: {
    name: str(),
    generateName: str(),
    namespace: str(),
    labels: stringMap,
    annotations: stringMap,
  },
};
const JOB_SPEC_TYPES: Record<string, SchemaNode> = {
  parallelism: int(0, MAX_INT32),
  completions: int(0, MAX_INT32),
  completionMode: { enum: ["NonIndexed", "Indexed"] },
  activeDeadlineSeconds: int(1),
  backoffLimit: int(0, MAX_INT32),
  backoffLimitPerIndex: int(0, MAX_INT32),
  maxFailedIndexes: int(0, MAX_INT32),
  suspend: { type: "boolean" },
  ttlSecondsAfterFinished: int(0, MAX_INT32),
  podReplacementPolicy: { enum: ["TerminatingOrFailed", "Failed"] },
  manualSelector: { type: "boolean" },
  managedBy: str(),
  podFailurePolicy: { type: "object" },
  successPolicy: { type: "object" },
  selector: { type: "object" },
  template: { type: "object" },
};
const jobSpec: SchemaNode = {
  type: "object",
  properties: Object.fromEntries(JOB_SPEC_FIELD_NAMES.map((f) => [f, JOB_SPEC_TYPES[f] ?? {}])),
};
const CRONJOB_SPEC_TYPES: Record<string, SchemaNode> = {
  schedule: str("five cron fields or a descriptor such as @daily, in timeZone"),
  timeZone: str("an IANA time zone such as Europe/Berlin"),
  startingDeadlineSeconds: int(0),
  concurrencyPolicy: { enum: ["Allow", "Forbid", "Replace"] },
  suspend: { type: "boolean" },
  successfulJobsHistoryLimit: int(0, MAX_INT32),
  failedJobsHistoryLimit: int(0, MAX_INT32),
  jobTemplate: { type: "object", properties: { metadata: objectMeta, spec: jobSpec } },
};
const manifest = (kind: "Job" | "CronJob", spec: SchemaNode, required: string[]): SchemaNode => ({
  type: "object",
  properties: {
    apiVersion: { const: "batch/v1" },
    kind: { const: kind },
    metadata: objectMeta,
    spec: { ...spec, required },
  },
  required: ["kind", "metadata", "spec"],
});

/** The schema, built fresh (callers may change their copy). */
export function simulationSchema(): SchemaNode {
  const documentOf = (kind: string, name: string): SchemaNode => ({
    if: { properties: { kind: { const: kind } }, required: ["kind"] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
    then: ref(name),
  });
  return structuredClone({
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://jobsim.dev/schema/simulation.schema.json",
    title: "jobsim scenario document",
    description:
      "A document of a jobsim scenario file: the Simulation (jobsim.dev/v1alpha1), or a batch/v1 Job or CronJob, or a v1 List of them. Generated by `npm run schema`; docs/scenario-format.md describes every field.",
    type: "object",
    required: ["apiVersion", "kind"],
    properties: { kind: { enum: ["Simulation", "Job", "CronJob", "List"] } },
    allOf: [
      documentOf("Simulation", "Simulation"),
      documentOf("Job", "Job"),
      documentOf("CronJob", "CronJob"),
      documentOf("List", "List"),
    ],
    definitions: {
      duration: {
        type: "string",
        pattern: `^(0|${DURATION_PATTERN.slice(1, -1)})$`,
        description: "a duration such as 90s, 1h30m, 1.5h, 500ms, 2d or 1w",
      },
      instant: {
        type: "string",
        anyOf: [{ pattern: RFC3339_PATTERN }, { pattern: `^(0|${DURATION_PATTERN.slice(1, -1)})$` }],
        description: "an RFC 3339 instant, or an offset from spec.start such as 2h",
      },
      distribution: {
        oneOf: [ref("duration"), ...DISTRIBUTION_KINDS.map((k) => oneKey(k, DISTRIBUTION_PARAMS[k]))],
      },
      Simulation: simulation,
      Job: manifest("Job", jobSpec, ["template"]),
      CronJob: manifest(
        "CronJob",
        {
          type: "object",
          properties: Object.fromEntries(
            CRONJOB_SPEC_FIELD_NAMES.map((f) => [f, CRONJOB_SPEC_TYPES[f] ?? {}]),
          ),
        },
        ["schedule", "jobTemplate"],
      ),
      List: {
        type: "object",
        properties: {
          apiVersion: { const: "v1" },
          kind: { const: "List" },
          items: { type: "array", items: { oneOf: [ref("Job"), ref("CronJob")] } },
        },
        required: ["items"],
      },
    },
  });
}

/** The schema file's text: two-space JSON and a newline, as `npm run schema` writes it. */
export function simulationSchemaText(): string {
  return `${JSON.stringify(simulationSchema(), null, 2)}\n`;
}
