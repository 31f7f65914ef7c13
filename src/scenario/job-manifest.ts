/**
 * batch/v1 Job manifests: defaulting (upstream `SetDefaults_Job`) and validation (`ValidateJob`) with the
 * API server's messages. The result is a JobManifest the simulator trusts.
 */

import type { FeatureGates } from "../k8s/feature-gates.js";
import { CONTROLLER_UID_PLACEHOLDER } from "../k8s/job-factory.js";
import type {
  Container,
  EnvVar,
  JobManifest,
  JobSpec,
  Labels,
  ManifestMeta,
  PodFailurePolicy,
  PodFailurePolicyAction,
  PodFailurePolicyRule,
  PodSpec,
  PodTemplateSpec,
  ResourceRequests,
  SuccessPolicy,
} from "../k8s/types.js";
import {
  LABEL_CONTROLLER_UID,
  LABEL_JOB_NAME,
  LEGACY_LABEL_CONTROLLER_UID,
  LEGACY_LABEL_JOB_NAME,
} from "../k8s/types.js";
import { type Diagnostics, goValue, k8sError } from "./errors.js";
import { generatedSelectorUid } from "./imported-state.js";
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  expectList,
  expectObject,
  fieldError,
  MAX_INT32,
  QUANTITY_MSG,
  qualifiedNameProblems,
  quantityOf,
  readBool,
  readEnum,
  readInt,
  readSeconds,
  readStr,
  readStringMap,
  warnUnknownFields,
} from "./k8s-fields.js";
import type { SharedManifestParts } from "./shared-manifest-parts.js";
import type { YValue } from "./yaml-source.js";

const MAX_INDEXED_PARALLELISM = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const MAX_RULES = 20;
const MAX_SUCCEEDED_INDEXES_CHARS = 65_536;

const JOB_SPEC_FIELDS = [
  "parallelism",
  "completions",
  "completionMode",
  "activeDeadlineSeconds",
  "backoffLimit",
  "backoffLimitPerIndex",
  "maxFailedIndexes",
  "podFailurePolicy",
  "successPolicy",
  "suspend",
  "ttlSecondsAfterFinished",
  "podReplacementPolicy",
  "manualSelector",
  "selector",
  "managedBy",
  "template",
];

/** Fields of a Job spec the API server accepts; load.ts checks patches against them. */
export const JOB_SPEC_FIELD_NAMES: readonly string[] = JOB_SPEC_FIELDS;

/**
 * Read, default and validate a whole Job document (`apiVersion`/`kind` already checked); with
 * `shared`, parts written the same as in an earlier manifest are that manifest's (frozen).
 */
export function readJobManifest(
  d: Diagnostics,
  v: YValue,
  gates: FeatureGates,
  shared?: SharedManifestParts,
): JobManifest | undefined {
  const before = d.errorCount;
  const meta = readManifestMeta(d, v, 63);
  const spec = readJobSpec(d, v.get("spec"), gates, {
    jobName: meta?.name ?? null,
    inCronJob: false,
    exportedUid: v.get("metadata").get("uid").scalar,
    ...(shared === undefined ? {} : { shared }),
  });
  if (meta === undefined || spec === undefined || d.errorCount > before) return undefined;
  // SetDefaults_Job: a Job without labels takes its pod template's (before selector generation).
  if (Object.keys(meta.labels).length === 0) meta.labels = userTemplateLabels(spec, meta.name);
  // Empty maps are one shared, frozen object: 100,000 Jobs need not hold 300,000 of them.
  meta.labels = sharedIfEmpty(meta.labels);
  meta.annotations = sharedIfEmpty(meta.annotations);
  const templateMeta = spec.template.metadata;
  templateMeta.annotations = sharedIfEmpty(templateMeta.annotations);
  return { apiVersion: "batch/v1", kind: "Job", metadata: meta, spec };
}

const NO_LABELS: Labels = Object.freeze({});

function sharedIfEmpty(labels: Labels): Labels {
  for (const _ in labels) return labels;
  return NO_LABELS;
}

/** The selector generated for every Job without manualSelector (the placeholder stands for its uid). */
const GENERATED_SELECTOR: JobSpec["selector"] = Object.freeze({
  matchLabels: Object.freeze({ [LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER }),
});

function userTemplateLabels(spec: JobSpec, name: string): Labels {
  const out: Labels = {};
  for (const [k, val] of Object.entries(spec.template.metadata.labels)) {
    const generated =
      val === CONTROLLER_UID_PLACEHOLDER ||
      ((k === LABEL_JOB_NAME || k === LEGACY_LABEL_JOB_NAME) && val === name && !spec.manualSelector);
    if (!generated) out[k] = val;
  }
  return out;
}

/**
 * metadata of a Job or CronJob: name required (RFC 1123 subdomain, at most `maxName` characters),
 * namespace defaults to "default". generateName is refused: names key the whole report.
 */
export function readManifestMeta(d: Diagnostics, v: YValue, maxName: number): ManifestMeta | undefined {
  const m = v.get("metadata");
  if (m.isUnset) {
    fieldError(d, m, k8sError.required("name or generateName is required"));
    return undefined;
  }
  if (!expectObject(d, m)) return undefined;
  const nameV = m.get("name");
  // With a name, the API server ignores generateName (an exported object has both).
  if (!m.get("generateName").isUnset && m.get("name").isUnset) {
    fieldError(
      d,
      m.get("generateName"),
      k8sError.forbidden(
        "jobsim needs a fixed metadata.name (reports and actions refer to it); generateName is not supported",
      ),
    );
  }
  let name = readStr(d, nameV);
  if (name === null && nameV.isUnset && m.get("generateName").isUnset) {
    fieldError(d, nameV, k8sError.required("name or generateName is required"));
  }
  if (name !== null) {
    for (const p of dns1123SubdomainProblems(name, maxName)) fieldError(d, nameV, k8sError.invalid(name, p));
  }
  const nsV = m.get("namespace");
  const namespace = readStr(d, nsV) ?? "default";
  for (const p of dns1123LabelProblems(namespace)) fieldError(d, nsV, k8sError.invalid(namespace, p));
  const labels = readStringMap(d, m.get("labels"), true);
  const annotations = readStringMap(d, m.get("annotations"), false);
  name ??= "";
  return { name, namespace, labels, annotations };
}

/** How a Job spec is read: top-level Jobs get a generated selector, CronJob templates must not. */
export interface JobSpecContext {
  /** The Job's name, for the generated job-name labels; null when unknown (CronJob template). */
  jobName: string | null;
  inCronJob: boolean;
  /** `metadata.uid` as written (a Job exported from a live cluster has one); else undefined. */
  exportedUid?: unknown;
  /** Where the pod spec is shared with the Jobs that write it the same way. */
  shared?: SharedManifestParts;
}

/** Read, default and validate a JobSpec; undefined when any error was reported. */
export function readJobSpec(
  d: Diagnostics,
  v: YValue,
  gates: FeatureGates,
  ctx: JobSpecContext,
): JobSpec | undefined {
  const before = d.errorCount;
  if (v.isUnset) {
    fieldError(d, v, k8sError.required());
    return undefined;
  }
  if (!expectObject(d, v)) return undefined;
  warnUnknownFields(d, v, JOB_SPEC_FIELDS);

  const parallelismV = v.get("parallelism");
  const completionsV = v.get("completions");
  let parallelism = readInt(d, parallelismV);
  let completions = readInt(d, completionsV);
  // SetDefaults_Job: both unset → 1 and 1; only parallelism unset → 1; only completions unset → work queue.
  if (completionsV.isUnset && parallelismV.isUnset) completions = 1;
  parallelism ??= 1;
  const completionMode =
    readEnum(d, v.get("completionMode"), ["NonIndexed", "Indexed"] as const) ?? "NonIndexed";
  const indexed = completionMode === "Indexed";
  const activeDeadlineSeconds = readSeconds(d, v.get("activeDeadlineSeconds"));
  const ttlSecondsAfterFinished = readInt(d, v.get("ttlSecondsAfterFinished"));
  let backoffLimitPerIndex = readInt(d, v.get("backoffLimitPerIndex"));
  let maxFailedIndexes = readInt(d, v.get("maxFailedIndexes"));
  if (gates.JobBackoffLimitPerIndex === false) {
    backoffLimitPerIndex = dropped(
      d,
      v.get("backoffLimitPerIndex"),
      backoffLimitPerIndex,
      "JobBackoffLimitPerIndex",
    );
    maxFailedIndexes = dropped(d, v.get("maxFailedIndexes"), maxFailedIndexes, "JobBackoffLimitPerIndex");
  }
  const backoffLimit = readInt(d, v.get("backoffLimit")) ?? (backoffLimitPerIndex !== null ? MAX_INT32 : 6);
  const suspend = readBool(d, v.get("suspend")) ?? false;
  const manualSelector = readBool(d, v.get("manualSelector")) ?? false;
  let managedBy = readStr(d, v.get("managedBy"));
  if (gates.JobManagedBy === false) managedBy = dropped(d, v.get("managedBy"), managedBy, "JobManagedBy");

  const template = readTemplate(d, v.get("template"), ctx.shared);
  const containerNames = template
    ? [...template.spec.containers, ...template.spec.initContainers].map((c) => c.name)
    : [];

  let podFailurePolicy = readPodFailurePolicy(
    d,
    v.get("podFailurePolicy"),
    containerNames,
    backoffLimitPerIndex,
  );
  if (gates.JobPodFailurePolicy === false) {
    podFailurePolicy = dropped(d, v.get("podFailurePolicy"), podFailurePolicy, "JobPodFailurePolicy");
  }
  let successPolicy = readSuccessPolicy(d, v.get("successPolicy"), indexed, completions);
  if (gates.JobSuccessPolicy === false) {
    successPolicy = dropped(d, v.get("successPolicy"), successPolicy, "JobSuccessPolicy");
  }
  const replacementV = v.get("podReplacementPolicy");
  let podReplacementPolicy = readEnum(d, replacementV, ["TerminatingOrFailed", "Failed"] as const);
  if (gates.JobPodReplacementPolicy === false) {
    podReplacementPolicy = dropped(d, replacementV, podReplacementPolicy, "JobPodReplacementPolicy");
  }
  if (podFailurePolicy !== null && podReplacementPolicy !== null && podReplacementPolicy !== "Failed") {
    fieldError(d, replacementV, k8sError.notSupported(podReplacementPolicy, ["Failed"]));
  }
  // SetDefaults_Job: Failed with a pod failure policy, else TerminatingOrFailed. With the gate off
  // upstream leaves it nil, which behaves as TerminatingOrFailed.
  podReplacementPolicy ??= podFailurePolicy !== null ? "Failed" : "TerminatingOrFailed";

  // Cross-field rules of ValidateJobSpec.
  if (indexed) {
    if (completions === null && !completionsV.isUnset) {
      // already reported as a bad integer
    } else if (completions === null) {
      fieldError(d, completionsV, k8sError.required("when completion mode is Indexed"));
    }
    if (parallelism > MAX_INDEXED_PARALLELISM) {
      fieldError(
        d,
        parallelismV,
        k8sError.invalid(
          parallelism,
          `must be less than or equal to ${MAX_INDEXED_PARALLELISM} when completion mode is Indexed`,
        ),
      );
    }
  }
  if (backoffLimitPerIndex !== null && !indexed) {
    fieldError(
      d,
      v.get("backoffLimitPerIndex"),
      k8sError.invalid(backoffLimitPerIndex, "requires indexed completion mode"),
    );
  }
  if (maxFailedIndexes !== null) {
    const mfiV = v.get("maxFailedIndexes");
    if (backoffLimitPerIndex === null && v.get("backoffLimitPerIndex").isUnset) {
      fieldError(d, v.get("backoffLimitPerIndex"), k8sError.required("when maxFailedIndexes is specified"));
    }
    if (!indexed) fieldError(d, mfiV, k8sError.invalid(maxFailedIndexes, "requires indexed completion mode"));
    if (completions !== null && maxFailedIndexes > completions) {
      fieldError(d, mfiV, k8sError.invalid(maxFailedIndexes, "must be less than or equal to completions"));
    }
    if (maxFailedIndexes > MAX_FAILED_INDEXES) {
      fieldError(
        d,
        mfiV,
        k8sError.invalid(maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES}`),
      );
    }
  }
  if (managedBy !== null) {
    const mbV = v.get("managedBy");
    if (managedBy.length > 63) fieldError(d, mbV, k8sError.tooLong(63));
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/\S+$/.test(managedBy)) {
      fieldError(
        d,
        mbV,
        k8sError.invalid(managedBy, 'must be a domain-prefixed path (such as "acme.io/foo")'),
      );
    }
  }
  if (template !== null && podFailurePolicy !== null && template.spec.restartPolicy !== "Never") {
    fieldError(
      d,
      v.get("template").get("spec").get("restartPolicy"),
      k8sError.invalid(
        template.spec.restartPolicy,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  }

  const selector = readSelector(d, v, template, manualSelector, ctx);
  if (template === null || selector === undefined || d.errorCount > before) return undefined;
  return {
    parallelism,
    completions,
    completionMode,
    activeDeadlineSeconds,
    backoffLimit,
    backoffLimitPerIndex,
    maxFailedIndexes,
    podFailurePolicy,
    successPolicy,
    suspend,
    ttlSecondsAfterFinished,
    podReplacementPolicy,
    manualSelector,
    selector,
    managedBy,
    template,
  };
}

/** A field whose feature gate is off: the API server drops it silently; we say so. */
function dropped<T>(d: Diagnostics, v: YValue, value: T | null, gate: string): null {
  if (value !== null) d.warn(v.location(), v.path, `ignored: feature gate ${gate} is off`);
  return null;
}

/**
 * The selector and generated template labels (registry strategy `generateSelector`). The uid is
 * not known yet: CONTROLLER_UID_PLACEHOLDER stands in. CronJob templates get nothing generated:
 * each Job the CronJob creates is generated when it is created.
 */
function readSelector(
  d: Diagnostics,
  spec: YValue,
  template: PodTemplateSpec | null,
  manualSelector: boolean,
  ctx: JobSpecContext,
): JobSpec["selector"] | undefined {
  const selV = spec.get("selector");
  let matchLabels: Labels = {};
  if (!selV.isUnset && expectObject(d, selV)) {
    const exprV = selV.get("matchExpressions");
    if (!exprV.isUnset) fieldError(d, exprV, k8sError.forbidden("jobsim supports selector.matchLabels only"));
    matchLabels = readStringMap(d, selV.get("matchLabels"), true);
  }
  if (ctx.inCronJob) {
    if (!selV.isUnset)
      fieldError(d, selV, k8sError.invalid(selV.toJS(), "`selector` will be auto-generated"));
    if (manualSelector)
      fieldError(d, spec.get("manualSelector"), k8sError.notSupported(true, ["nil", "false"]));
    return { matchLabels: {} };
  }
  if (template === null) return undefined;
  const labels = template.metadata.labels;
  if (manualSelector) {
    if (selV.isUnset) {
      fieldError(d, selV, k8sError.required());
      return undefined;
    }
    const ok = Object.entries(matchLabels).every(([k, val]) => labels[k] === val);
    if (!ok || Object.keys(matchLabels).length === 0) {
      fieldError(
        d,
        spec.get("template").get("metadata").get("labels"),
        k8sError.invalid(labels, "`selector` does not match template `labels`"),
      );
    }
    return { matchLabels };
  }
  // A Job exported from a live cluster carries the selector and template labels the API server
  // generated for its uid. Re-created, it gets a new uid (upstream would then refuse them, as
  // `kubectl create` of an exported Job shows); jobsim drops them and generates its own, as a
  // user removing them by hand would.
  const exportedUid = generatedSelectorUid(spec, ctx.exportedUid);
  if (exportedUid !== null) {
    for (const key of [LABEL_CONTROLLER_UID, LEGACY_LABEL_CONTROLLER_UID])
      if (labels[key] === exportedUid) delete labels[key];
  } else if (!selV.isUnset) {
    fieldError(d, selV, k8sError.invalid(selV.toJS(), "`selector` not auto-generated"));
    return undefined;
  }
  const name = ctx.jobName ?? "";
  const generated: Labels = {
    [LEGACY_LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER,
    [LEGACY_LABEL_JOB_NAME]: name,
    [LABEL_CONTROLLER_UID]: CONTROLLER_UID_PLACEHOLDER,
    [LABEL_JOB_NAME]: name,
  };
  for (const [k, val] of Object.entries(generated)) if (!(k in labels)) labels[k] = val;
  return GENERATED_SELECTOR;
}

function readTemplate(
  d: Diagnostics,
  v: YValue,
  shared: SharedManifestParts | undefined,
): PodTemplateSpec | null {
  if (v.isUnset) {
    fieldError(d, v.get("spec").get("containers"), k8sError.required());
    return null;
  }
  if (!expectObject(d, v)) return null;
  const meta = v.get("metadata");
  expectObject(d, meta);
  const labels = readStringMap(d, meta.get("labels"), true);
  const annotations = readStringMap(d, meta.get("annotations"), false);
  const specV = v.get("spec");
  // The pod spec alone: the template's labels get the Job's own generated labels (readSelector).
  const spec =
    shared === undefined
      ? readPodSpec(d, specV)
      : shared.read("PodSpec", d, specV, () => readPodSpec(d, specV));
  return spec === null ? null : { metadata: { labels, annotations }, spec };
}

function readPodSpec(d: Diagnostics, v: YValue): PodSpec | null {
  if (!expectObject(d, v)) return null;
  const before = d.errorCount;
  const rpV = v.get("restartPolicy");
  let restartPolicy: PodSpec["restartPolicy"] = "Never";
  if (rpV.isUnset) {
    // Upstream defaults the pod template to Always and then rejects it; naming the fix helps more.
    fieldError(d, rpV, k8sError.required('valid values: "OnFailure", "Never"'));
  } else if (rpV.scalar === "Never" || rpV.scalar === "OnFailure") {
    restartPolicy = rpV.scalar;
  } else {
    fieldError(d, rpV, k8sError.notSupported(rpV.scalar ?? rpV.describe(), ["OnFailure", "Never"]));
  }
  const containers = readContainers(d, v.get("containers"), false);
  const initContainers = readContainers(d, v.get("initContainers"), true);
  const containersV = v.get("containers");
  if (containersV.isUnset || (containersV.kind === "seq" && containersV.items().length === 0)) {
    fieldError(d, containersV, k8sError.required());
  }
  const seen = new Set<string>();
  const all = [...v.get("initContainers").items(), ...v.get("containers").items()];
  for (const c of all) {
    const name = c.get("name").scalar;
    if (typeof name !== "string") continue;
    if (seen.has(name)) fieldError(d, c.get("name"), k8sError.duplicate(name));
    seen.add(name);
  }
  const terminationGracePeriodSeconds = readSeconds(d, v.get("terminationGracePeriodSeconds")) ?? 30;
  const activeDeadlineSeconds = readSeconds(d, v.get("activeDeadlineSeconds"), 1);
  const priorityClassName = readStr(d, v.get("priorityClassName"));
  const hostname = readStr(d, v.get("hostname"));
  const subdomain = readStr(d, v.get("subdomain"));
  if (d.errorCount > before) return null;
  return {
    restartPolicy,
    containers,
    initContainers,
    terminationGracePeriodSeconds,
    activeDeadlineSeconds,
    priorityClassName,
    hostname,
    subdomain,
    nodeName: null,
  };
}

function readContainers(d: Diagnostics, v: YValue, init: boolean): Container[] {
  if (!expectList(d, v)) return [];
  const out: Container[] = [];
  for (const c of v.items()) {
    if (!expectObject(d, c)) continue;
    const nameV = c.get("name");
    const name = readStr(d, nameV);
    if (name === null && nameV.isUnset) fieldError(d, nameV, k8sError.required());
    if (name !== null)
      for (const p of dns1123LabelProblems(name)) fieldError(d, nameV, k8sError.invalid(name, p));
    // The image is required by the API server but irrelevant to the simulation: not enforced.
    const image = readStr(d, c.get("image"));
    // Not simulated, but typed: the API server refuses `command: [sleep, 10]` (10 is no string).
    readStringList(d, c.get("command"));
    readStringList(d, c.get("args"));
    readStr(d, c.get("workingDir"));
    readEnum(d, c.get("imagePullPolicy"), ["Always", "Never", "IfNotPresent"] as const);
    const rpV = c.get("restartPolicy");
    let restartPolicy: string | null = null;
    if (!rpV.isUnset) {
      if (init) restartPolicy = readEnum(d, rpV, ["Always"] as const);
      else fieldError(d, rpV, k8sError.forbidden("may not be set for non-init containers"));
    }
    const res = c.get("resources");
    expectObject(d, res);
    out.push({
      name: name ?? "",
      env: readEnv(d, c.get("env")),
      image,
      resources: {
        requests: readResources(d, res.get("requests")),
        limits: readResources(d, res.get("limits")),
      },
      restartPolicy,
    });
  }
  return out;
}

/** A list of strings (`command`, `args`), read only to report what the API server refuses. */
function readStringList(d: Diagnostics, v: YValue): void {
  if (v.isUnset || !expectList(d, v)) return;
  for (const item of v.items()) readStr(d, item);
}

/** `env`: names required; `value` or `valueFrom` kept as written (the simulator reads neither). */
function readEnv(d: Diagnostics, v: YValue): EnvVar[] {
  if (v.isUnset || !expectList(d, v)) return [];
  const out: EnvVar[] = [];
  for (const e of v.items()) {
    if (!expectObject(d, e)) continue;
    const nameV = e.get("name");
    const name = readStr(d, nameV);
    if (name === null) {
      if (nameV.isUnset) fieldError(d, nameV, k8sError.required());
      continue;
    }
    const valueFromV = e.get("valueFrom");
    // Kept as written, but an object as the API server requires (`valueFrom: x` is refused).
    const valueFrom =
      valueFromV.isUnset || !expectObject(d, valueFromV)
        ? null
        : (valueFromV.toJS() as Record<string, unknown>);
    out.push({ name, value: readStr(d, e.get("value")), valueFrom });
  }
  return out;
}

function readResources(d: Diagnostics, v: YValue): ResourceRequests {
  const out: ResourceRequests = {};
  if (!expectObject(d, v)) return out;
  for (const { key, value } of v.entries()) {
    const raw = value.scalar;
    const q = quantityOf(raw);
    if (q === undefined) {
      fieldError(d, value, k8sError.invalid(raw ?? value.describe(), QUANTITY_MSG));
      continue;
    }
    if (q < 0) fieldError(d, value, k8sError.invalid(raw, "must be greater than or equal to 0"));
    if (key === "cpu") out.cpu = q;
    else if (key === "memory") out.memory = Math.round(q);
  }
  return out;
}

const PFP_ACTIONS: readonly PodFailurePolicyAction[] = ["Count", "FailIndex", "FailJob", "Ignore"];

function readPodFailurePolicy(
  d: Diagnostics,
  v: YValue,
  containerNames: string[],
  backoffLimitPerIndex: number | null,
): PodFailurePolicy | null {
  if (v.isUnset || !expectObject(d, v)) return null;
  const rulesV = v.get("rules");
  if (!expectList(d, rulesV)) return null;
  const items = rulesV.items();
  if (items.length > MAX_RULES) fieldError(d, rulesV, k8sError.tooMany(items.length, MAX_RULES));
  const rules: PodFailurePolicyRule[] = [];
  for (const r of items) {
    if (!expectObject(d, r)) continue;
    const actionV = r.get("action");
    let action: PodFailurePolicyAction | null = null;
    if (actionV.isUnset) fieldError(d, actionV, k8sError.required());
    else action = readEnum(d, actionV, PFP_ACTIONS);
    if (action === "FailIndex" && backoffLimitPerIndex === null) {
      fieldError(d, actionV, k8sError.invalid(action, "requires the backoffLimitPerIndex to be set"));
    }
    const ecV = r.get("onExitCodes");
    const pcV = r.get("onPodConditions");
    if (!ecV.isUnset && !pcV.isUnset) {
      fieldError(d, r, "Invalid value: specifying both OnExitCodes and OnPodConditions is not supported");
    } else if (ecV.isUnset && pcV.isUnset) {
      fieldError(d, r, "Invalid value: specifying one of OnExitCodes and OnPodConditions is required");
    }
    rules.push({
      action: action ?? "Count",
      onExitCodes: ecV.isUnset ? null : readOnExitCodes(d, ecV, containerNames),
      onPodConditions: pcV.isUnset ? null : readOnPodConditions(d, pcV),
    });
  }
  return { rules };
}

function readOnExitCodes(
  d: Diagnostics,
  v: YValue,
  containerNames: string[],
): PodFailurePolicyRule["onExitCodes"] {
  if (!expectObject(d, v)) return null;
  const cnV = v.get("containerName");
  const containerName = readStr(d, cnV);
  if (containerName !== null && !containerNames.includes(containerName)) {
    fieldError(
      d,
      cnV,
      k8sError.invalid(
        containerName,
        "must be one of the container or initContainer names in the pod template",
      ),
    );
  }
  const opV = v.get("operator");
  let operator: "In" | "NotIn" = "In";
  if (opV.isUnset) fieldError(d, opV, k8sError.required());
  else operator = readEnum(d, opV, ["In", "NotIn"] as const) ?? "In";
  const valuesV = v.get("values");
  const values: number[] = [];
  if (expectList(d, valuesV)) {
    const items = valuesV.items();
    if (items.length === 0) fieldError(d, valuesV, k8sError.invalid([], "at least one value is required"));
    if (items.length > 255) fieldError(d, valuesV, k8sError.tooMany(items.length, 255));
    let prev: number | null = null;
    for (const item of items) {
      const x = readInt(d, item, null);
      if (x === null) continue;
      if (operator === "In" && x === 0 && opV.scalar === "In") {
        fieldError(d, item, k8sError.invalid(x, "must not be 0 for the In operator"));
      }
      if (prev !== null && x === prev) fieldError(d, item, k8sError.duplicate(x));
      else if (prev !== null && x < prev) fieldError(d, item, k8sError.invalid(x, "must be ordered"));
      prev = x;
      values.push(x);
    }
  }
  return { containerName, operator, values };
}

function readOnPodConditions(d: Diagnostics, v: YValue): PodFailurePolicyRule["onPodConditions"] {
  if (!expectList(d, v)) return null;
  const items = v.items();
  if (items.length > MAX_RULES) fieldError(d, v, k8sError.tooMany(items.length, MAX_RULES));
  const out: NonNullable<PodFailurePolicyRule["onPodConditions"]> = [];
  for (const p of items) {
    if (!expectObject(d, p)) continue;
    const typeV = p.get("type");
    const type = readStr(d, typeV);
    if (type === null && typeV.isUnset) fieldError(d, typeV, k8sError.required());
    if (type !== null)
      for (const e of qualifiedNameProblems(type)) fieldError(d, typeV, k8sError.invalid(type, e));
    // SetDefaults_Job: a pattern's status defaults to True.
    const status = readEnum(d, p.get("status"), ["True", "False", "Unknown"] as const) ?? "True";
    out.push({ type: type ?? "", status });
  }
  return out;
}

function readSuccessPolicy(
  d: Diagnostics,
  v: YValue,
  indexed: boolean,
  completions: number | null,
): SuccessPolicy | null {
  if (v.isUnset || !expectObject(d, v)) return null;
  if (!indexed) fieldError(d, v, k8sError.invalid(v.toJS(), "requires indexed completion mode"));
  const rulesV = v.get("rules");
  if (!expectList(d, rulesV)) return null;
  const items = rulesV.items();
  if (items.length === 0) {
    fieldError(
      d,
      rulesV,
      k8sError.required("at least one rules must be specified when the successPolicy is specified"),
    );
  }
  if (items.length > MAX_RULES) fieldError(d, rulesV, k8sError.tooMany(items.length, MAX_RULES));
  const rules: SuccessPolicy["rules"] = [];
  for (const r of items) {
    if (!expectObject(d, r)) continue;
    const siV = r.get("succeededIndexes");
    const scV = r.get("succeededCount");
    const succeededIndexes = readStr(d, siV);
    const succeededCount = readInt(d, scV);
    if (siV.isUnset && scV.isUnset) {
      fieldError(
        d,
        r,
        k8sError.required("at least one of succeededCount or succeededIndexes must be specified"),
      );
    }
    let indexCount: number | null = null;
    if (succeededIndexes !== null) {
      if (succeededIndexes.length > MAX_SUCCEEDED_INDEXES_CHARS)
        fieldError(d, siV, k8sError.tooLong(MAX_SUCCEEDED_INDEXES_CHARS));
      const parsed = countIndexes(succeededIndexes, completions ?? 0);
      if (typeof parsed === "string") {
        fieldError(d, siV, k8sError.invalid(succeededIndexes, `error parsing succeededIndexes: ${parsed}`));
      } else indexCount = parsed;
    }
    if (succeededCount !== null && completions !== null && succeededCount > completions) {
      fieldError(
        d,
        scV,
        k8sError.invalid(
          succeededCount,
          `must be less than or equal to ${completions} (the number of specified completions)`,
        ),
      );
    } else if (succeededCount !== null && indexCount !== null && succeededCount > indexCount) {
      fieldError(
        d,
        scV,
        k8sError.invalid(
          succeededCount,
          `must be less than or equal to ${indexCount} (the number of indexes in the specified succeededIndexes field)`,
        ),
      );
    }
    rules.push({ succeededIndexes, succeededCount });
  }
  return { rules };
}

/**
 * The number of indexes in interval text `0-2,4` within [0, completions-1], or why it is bad.
 * Intervals must be strictly increasing and not overlap, as upstream's parser requires.
 */
export function countIndexes(text: string, completions: number): number | string {
  let count = 0;
  let last = -1;
  for (const part of text.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) return `cannot parse ${goValue(part)} as an index or an interval of indexes`;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return `non-increasing order, previous: ${lo}, current: ${hi}`;
    if (lo <= last) return `non-increasing order, previous: ${last}, current: ${lo}`;
    if (hi >= completions) return `too large index: ${hi}`;
    count += hi - lo + 1;
    last = hi;
  }
  return count;
}
