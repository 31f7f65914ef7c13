/**
 * The Simulation document (`jobsim.dev/v1alpha1`, `kind: Simulation`): read, defaulted and
 * validated into a SimulationSpec. Unknown fields are errors (with a "did you mean"), so a typo
 * never silently becomes a default.
 */
import {
  DAY,
  formatDuration,
  formatInstant,
  HOUR,
  type Millis,
  parseInstant,
  type SimTime,
} from "../engine/time.js";
import { MAX_INSTANT } from "../engine/time-range.js";
import {
  defaultFeatureGates,
  type FeatureGates,
  isFeatureGate,
  KNOWN_FEATURE_GATES,
} from "../k8s/feature-gates.js";
import { DEFAULT_LEADER_ELECTION, leaseTakeoverDelay } from "../k8s/leader-election.js";
import type { CronJobManifest, JobManifest, Labels } from "../k8s/types.js";
import type { Distribution } from "../rand/distributions.js";
import { readArrivals } from "./arrivals.js";
import { CLUSTER_EXTRA_FIELDS, readClusterExtras } from "./cluster.js";
import { CONTROL_PLANE_FIELDS, readControllerTiming } from "./control-plane-section.js";
import {
  CRONJOB_SPEC_FIELD_NAMES,
  isKnownTimeZone,
  readCronJobManifest,
  validateScheduleSyntax,
} from "./cronjob-manifest.js";
import {
  checkInstantInRange,
  checkMeanGap,
  type ReadRelative,
  readDistribution,
  readDuration,
  readInstant,
  readPositiveDuration,
} from "./durations.js";
import { k8sError, suggest } from "./errors.js";
import { JOB_SPEC_FIELD_NAMES, readJobManifest } from "./job-manifest.js";
import {
  EXIT_CODE_HINT,
  FAILING_EXIT_CODE_HINT,
  isInt32,
  MAX_INT32,
  MIN_INT32,
  readBool,
  readEnum,
  readInt,
  readSeconds,
  readStr,
  readStringMap,
} from "./k8s-fields.js";
import { NODE_VERBS, readNodeAction, readPodAction } from "./pod-node-actions.js";
import type { SimulationDocument } from "./read-simulation-result.js";
import { readSweepSection } from "./sweep-section.js";
import type { Action, ObjectKind, Outage, ScriptEntry, SimulationSpec, Workload } from "./types.js";
import { readWorkQueue } from "./work-queue-section.js";
import type { Reader, YValue } from "./yaml-source.js";

/** Defaults where the scenario is silent. */
export const SIMULATION_DEFAULTS = {
  seed: 1,
  start: "2026-01-01T00:00:00Z",
  /** One day: long enough for a daily CronJob to fire once from a midnight start. */
  horizon: DAY,
  timeZone: "UTC",
} as const;

/** Options for reading the Simulation document. */
export interface SimulationOptions {
  seedOverride?: number | undefined;
  readRelative: ReadRelative;
}

/** A Simulation's metadata.name, as a JSON Schema `pattern` too. */
export const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Read the Simulation document. Always returns a spec (bad values replaced by defaults) so later
 * documents can still be checked; the caller decides from the error count whether to use it.
 */
export function readSimulation(r: Reader, doc: YValue, opts: SimulationOptions): SimulationDocument {
  r.knownFields(doc, ["apiVersion", "kind", "metadata", "spec"]);
  const meta = doc.get("metadata");
  let name = "";
  if (r.required(meta, "a mapping with name") && r.map(meta)) {
    r.knownFields(meta, ["name", "labels", "annotations"]);
    const nameV = meta.get("name");
    if (r.required(nameV, "a name such as nightly-etl")) {
      const n = r.string(nameV, "a name such as nightly-etl");
      if (n !== undefined && (!NAME_RE.test(n) || n.length > 253)) {
        r.error(
          nameV,
          `expected a lowercase name of letters, digits, '-' and '.' such as nightly-etl, got ${nameV.describe()}`,
        );
      } else if (n !== undefined) name = n;
    }
  }

  // A missing spec means all defaults; children of a non-mapping read as missing.
  const s = doc.get("spec");
  r.map(s);
  r.knownFields(s, [
    "seed",
    "start",
    "horizon",
    "until",
    "manifests",
    "controller",
    "cluster",
    "workloads",
    "actions",
    "arrivals",
    "sweep",
  ]);

  const seedFromFile = r.integer(s.get("seed"), 0, Number.MAX_SAFE_INTEGER, "an integer >= 0");
  const seed = opts.seedOverride ?? seedFromFile ?? SIMULATION_DEFAULTS.seed;

  const startV = s.get("start");
  let start = parseInstant(SIMULATION_DEFAULTS.start)!;
  if (!startV.isUnset) {
    const t = typeof startV.scalar === "string" ? parseInstant(startV.scalar.trim()) : undefined;
    if (t === undefined)
      r.error(startV, `expected an RFC 3339 instant such as 2026-03-01T00:00:00Z, got ${startV.describe()}`);
    else start = checkInstantInRange(r, startV, t) ?? start;
  }

  const horizonV = s.get("horizon");
  const untilV = s.get("until");
  let end = start + SIMULATION_DEFAULTS.horizon;
  if (!horizonV.isUnset && !untilV.isUnset) {
    r.error(untilV, "expected either horizon or until, not both");
  } else if (!horizonV.isUnset) {
    const h = readPositiveDuration(r, horizonV);
    if (h !== undefined && start + h > MAX_INSTANT) {
      r.error(
        horizonV,
        `expected a horizon that ends the simulation by ${formatInstant(MAX_INSTANT)} (at most ${formatDuration(MAX_INSTANT - start)} after spec.start), got ${horizonV.describe()}`,
      );
    } else if (h !== undefined) end = start + h;
  } else if (!untilV.isUnset) {
    const u = readInstant(r, untilV, start);
    if (u !== undefined && u <= start)
      r.error(untilV, `expected a time after spec.start (${formatInstant(start)}), got ${untilV.describe()}`);
    else if (u !== undefined) end = u;
  } else if (end > MAX_INSTANT) {
    // The report writes the end as an instant: the default horizon must not run past year 9999.
    r.error(
      startV,
      `with the default horizon (1d) the simulation would end after ${formatInstant(MAX_INSTANT)}: set horizon or until`,
    );
    end = MAX_INSTANT;
  }

  const manifests: SimulationDocument["manifests"] = [];
  const manifestsV = s.get("manifests");
  if (r.seq(manifestsV)) {
    for (const item of manifestsV.items()) {
      const p = r.string(item, "a file or folder path relative to the scenario file");
      if (p !== undefined) manifests.push({ path: p, site: item });
    }
  }

  const controller = readController(r, s.get("controller"), start, opts.readRelative);
  const cluster = readCluster(r, s.get("cluster"), opts.readRelative);
  if (r.map(s.get("cluster"))) readClusterExtras(r, s.get("cluster"), cluster, start, end);
  const workloadSites: YValue[] = [];
  const workloads: Workload[] = [];
  const workloadsV = s.get("workloads");
  if (r.seq(workloadsV)) {
    for (const w of workloadsV.items()) {
      const workload = readWorkload(r, w, opts.readRelative);
      if (workload !== undefined) {
        workloads.push(workload);
        workloadSites.push(w);
      }
    }
  }

  const arrivalsV = s.get("arrivals");
  const arrivals = readArrivals(r, arrivalsV, start, end, controller.featureGates);

  const actions: { action: Action; site: YValue }[] = [];
  const actionsV = s.get("actions");
  if (r.seq(actionsV)) {
    for (const a of actionsV.items()) {
      const action = readAction(r, a, start, end, controller.featureGates);
      if (action !== undefined) actions.push({ action, site: a });
    }
  }
  // Stable sort: actions at the same instant keep their written order.
  actions.sort((a, b) => a.action.at - b.action.at);

  return {
    spec: {
      name,
      seed,
      start,
      end,
      controller,
      cluster,
      workloads,
      actions: actions.map((a) => a.action),
      ...(arrivalsV.isUnset ? {} : { arrivals: arrivals.arrivals }),
    },
    manifests,
    actionSites: actions.map((a) => a.site),
    workloadSites,
    arrivalSites: arrivals.sites,
    sweep: readSweepSection(r, s.get("sweep")),
  };
}

function readController(
  r: Reader,
  v: YValue,
  start: SimTime,
  readRelative: ReadRelative,
): SimulationSpec["controller"] {
  const featureGates: FeatureGates = { ...defaultFeatureGates };
  const out: SimulationSpec["controller"] = {
    timeZone: SIMULATION_DEFAULTS.timeZone,
    outages: [],
    featureGates,
  };
  if (!r.map(v)) return out;
  r.knownFields(v, ["timeZone", "outages", "featureGates", ...CONTROL_PLANE_FIELDS]);
  const timing = readControllerTiming(r, v, readRelative);
  if (timing !== undefined) out.timing = timing;
  const leaderElection = timing?.leaderElection ?? DEFAULT_LEADER_ELECTION;
  const tzV = v.get("timeZone");
  const tz = r.string(tzV, "an IANA time zone such as Europe/Berlin");
  if (tz !== undefined) {
    if (tz.toLowerCase() === "local" || !isKnownTimeZone(tz)) {
      r.error(tzV, `expected an IANA time zone such as UTC or Europe/Berlin, got ${tzV.describe()}`);
    } else out.timeZone = tz;
  }
  const outagesV = v.get("outages");
  if (r.seq(outagesV)) {
    const read: { outage: Outage; site: YValue }[] = [];
    for (const o of outagesV.items()) {
      if (!r.map(o)) continue;
      r.knownFields(o, ["start", "duration", "kind"]);
      const s = r.required(o.get("start"), "a time") ? readInstant(r, o.get("start"), start) : undefined;
      const kV = o.get("kind");
      const kind = kV.isUnset ? "stop" : r.string(kV, "stop or restart");
      if (kind !== undefined && kind !== "stop" && kind !== "restart") {
        r.error(kV, `expected stop or restart, got ${kV.describe()}`);
        continue;
      }
      const dV = o.get("duration");
      if (kind === "restart") {
        // The time until a new candidate campaigns (a process restart); 0: a standby replica.
        const delay = dV.isUnset ? 0 : readDuration(r, dV);
        if (s !== undefined && delay !== undefined) {
          const duration = delay + leaseTakeoverDelay(leaderElection);
          read.push({ outage: { start: s, duration, restart: { candidateDelay: delay } }, site: o });
        }
        continue;
      }
      const d = r.required(dV, "a duration such as 3h") ? readPositiveDuration(r, dV) : undefined;
      if (s !== undefined && d !== undefined) read.push({ outage: { start: s, duration: d }, site: o });
    }
    read.sort((a, b) => a.outage.start - b.outage.start);
    for (let i = 1; i < read.length; i++) {
      const prev = read[i - 1]!.outage;
      if (read[i]!.outage.start < prev.start + prev.duration) {
        r.error(
          read[i]!.site.get("start"),
          `overlaps the outage from ${formatInstant(prev.start)} to ${formatInstant(prev.start + prev.duration)}`,
        );
      }
    }
    out.outages = read.map((x) => x.outage);
  }
  const gatesV = v.get("featureGates");
  if (r.map(gatesV)) {
    for (const { key, value } of gatesV.entries()) {
      if (!isFeatureGate(key)) {
        const near = suggest(key, KNOWN_FEATURE_GATES);
        const hint =
          near === null ? `known gates: ${KNOWN_FEATURE_GATES.join(", ")}` : `did you mean "${near}"?`;
        r.diag.error(value.keyLocation(), value.path, `unknown feature gate, ${hint}`);
        continue;
      }
      const b = r.boolean(value);
      if (b !== undefined) featureGates[key] = b;
    }
  }
  return out;
}

function readCluster(r: Reader, v: YValue, readRelative: ReadRelative): SimulationSpec["cluster"] {
  const zero: Distribution = { kind: "constant", value: 0 };
  const out: SimulationSpec["cluster"] = { capacityPods: null, podStartup: zero, podShutdown: zero };
  if (!r.map(v)) return out;
  r.knownFields(v, ["capacity", "podStartup", "podShutdown", ...CLUSTER_EXTRA_FIELDS]);
  const cap = v.get("capacity");
  if (r.map(cap)) {
    r.knownFields(cap, ["pods"]);
    if (r.required(cap.get("pods"), "an integer >= 1")) {
      out.capacityPods = r.integer(cap.get("pods"), 1, Number.MAX_SAFE_INTEGER, "an integer >= 1") ?? null;
    }
  }
  out.podStartup = readDistribution(r, v.get("podStartup"), readRelative) ?? zero;
  out.podShutdown = readDistribution(r, v.get("podShutdown"), readRelative) ?? zero;
  return out;
}

function readWorkload(r: Reader, w: YValue, readRelative: ReadRelative): Workload | undefined {
  if (!r.map(w)) return undefined;
  r.knownFields(w, ["match", "duration", "failure", "disruption", "script", "scriptByIndex", "workQueue"]);
  const match: Workload["match"] = { job: null, cronJob: null, labels: null };
  const m = w.get("match");
  if (r.required(m, "{job: NAME}, {cronJob: NAME}, {labels: {...}} or {}") && r.map(m)) {
    r.knownFields(m, ["job", "cronJob", "labels"]);
    match.job = r.string(m.get("job"), "a Job name") ?? null;
    match.cronJob = r.string(m.get("cronJob"), "a CronJob name") ?? null;
    const lv = m.get("labels");
    if (r.map(lv)) {
      const labels: Labels = {};
      for (const { key, value } of lv.entries()) {
        const s = r.string(value, "a label value (a string)");
        if (s !== undefined) labels[key] = s;
      }
      match.labels = labels;
    }
  }
  const duration = readDistribution(r, w.get("duration"), readRelative) ?? null;
  let failure: Workload["failure"] = null;
  const f = w.get("failure");
  if (r.map(f)) {
    r.knownFields(f, ["probability", "after", "exitCodes", "container"]);
    const pV = f.get("probability");
    const probability = r.required(pV, "a number between 0 and 1")
      ? r.number(pV, 0, 1, "a number between 0 and 1")
      : undefined;
    const after = readDistribution(r, f.get("after"), readRelative) ?? null;
    let exitCodes = [{ code: 1, weight: 1 }];
    const ecV = f.get("exitCodes");
    if (r.map(ecV)) {
      exitCodes = [];
      for (const { key, value } of ecV.entries()) {
        const code = Number(key);
        if (!/^-?\d+$/.test(key) || code === 0 || !isInt32(code)) {
          r.diag.error(
            value.keyLocation(),
            value.path,
            `expected ${FAILING_EXIT_CODE_HINT}, got ${JSON.stringify(key)}`,
          );
          continue;
        }
        const weight = r.number(value, Number.MIN_VALUE, Number.MAX_VALUE, "a weight greater than 0");
        if (weight !== undefined) exitCodes.push({ code, weight });
      }
      if (ecV.entries().length === 0) r.error(ecV, "expected at least one exit code with its weight");
      // weightedIndex scales a draw by the sum of the weights: each is finite, the sum must be too.
      else if (!Number.isFinite(exitCodes.reduce((sum, c) => sum + c.weight, 0)))
        r.error(ecV, "expected weights whose sum is a finite number");
    }
    // Which container fails, for podFailurePolicy rules with containerName (load.ts checks the name).
    const container = r.string(f.get("container"), "a container name") ?? null;
    if (probability !== undefined) failure = { probability, after, exitCodes, container };
  }
  let disruption: Workload["disruption"] = null;
  const dV = w.get("disruption");
  if (r.map(dV)) {
    r.knownFields(dV, ["perHour"]);
    const ph = dV.get("perHour");
    if (r.required(ph, "a rate >= 0")) {
      const perHour = r.number(ph, 0, Number.MAX_VALUE, "a rate per hour >= 0");
      // 0 turns evictions off; any other rate is bounded by its mean gap, HOUR / perHour.
      if (perHour === 0 || (perHour !== undefined && checkMeanGap(r, ph, HOUR / perHour) !== undefined))
        disruption = { perHour };
    }
  }
  const script = w.get("script").isUnset ? null : readScript(r, w.get("script"));
  const scriptByIndex = new Map<number, ScriptEntry[]>();
  const sbi = w.get("scriptByIndex");
  if (r.map(sbi)) {
    for (const { key, value } of sbi.entries()) {
      if (!/^\d+$/.test(key) || !Number.isSafeInteger(Number(key))) {
        r.diag.error(
          value.keyLocation(),
          value.path,
          `expected a completion index (an integer >= 0), got ${JSON.stringify(key)}`,
        );
        continue;
      }
      const entries = readScript(r, value);
      if (entries !== null) scriptByIndex.set(Number(key), entries);
    }
  }
  const workQueue = readWorkQueue(r, w, readRelative);
  return { match, duration, failure, disruption, script, scriptByIndex, ...(workQueue && { workQueue }) };
}

function readScript(r: Reader, v: YValue): ScriptEntry[] | null {
  if (!r.seq(v)) return null;
  const items = v.items();
  if (items.length === 0) {
    r.error(v, "expected at least one entry such as {exitCode: 0, after: 1m}");
    return null;
  }
  const out: ScriptEntry[] = [];
  for (const e of items) {
    const entry = readScriptEntry(r, e);
    if (entry !== undefined) out.push(entry);
  }
  return out.length === items.length ? out : null;
}

/** The outcomes of a script entry: exactly one per entry. */
export const SCRIPT_OUTCOMES = ["exitCode", "oomKilled", "disruption", "hang"] as const;
const OUTCOMES = SCRIPT_OUTCOMES;

function readScriptEntry(r: Reader, e: YValue): ScriptEntry | undefined {
  if (!r.map(e)) return undefined;
  r.knownFields(e, [...OUTCOMES, "after", "container"]);
  const present = OUTCOMES.filter((k) => !e.get(k).isUnset);
  if (present.length !== 1) {
    r.error(
      e,
      `expected exactly one of exitCode, oomKilled, disruption, hang, got ${present.length === 0 ? "none" : present.join(" and ")}`,
    );
    return undefined;
  }
  const container = r.string(e.get("container"), "a container name") ?? null;
  const outcome = present[0]!;
  if (outcome !== "exitCode" && r.boolean(e.get(outcome)) === false) {
    r.error(e.get(outcome), `expected true (leave ${outcome} out otherwise), got false`);
    return undefined;
  }
  if (outcome === "hang") {
    if (!e.get("after").isUnset)
      r.error(e.get("after"), "a hanging attempt runs until deleted: leave after out");
    return { kind: "hang", container };
  }
  const afterV = e.get("after");
  const after = r.required(afterV, "a duration such as 30s") ? readDurationOrZero(r, afterV) : undefined;
  if (outcome === "exitCode") {
    // Exit codes are int32 (ContainerStateTerminated.ExitCode): Windows reports negative ones.
    const code = r.integer(e.get("exitCode"), MIN_INT32, MAX_INT32, EXIT_CODE_HINT);
    return code === undefined || after === undefined
      ? undefined
      : { kind: "exit", exitCode: code, after, container };
  }
  if (after === undefined) return undefined;
  return outcome === "oomKilled"
    ? { kind: "oomKilled", after, container }
    : { kind: "disruption", after, container };
}

function readDurationOrZero(r: Reader, v: YValue): Millis | undefined {
  if (v.scalar === "0" || v.scalar === "0s") return 0;
  return readPositiveDuration(r, v);
}

const KINDS: readonly ObjectKind[] = ["Job", "CronJob"];
const VERBS = ["create", "patch", "delete", "evict", ...NODE_VERBS] as const;
const PROPAGATION_POLICIES = ["Foreground", "Background", "Orphan"] as const;
const JOB_IMMUTABLE = [
  "completionMode",
  "selector",
  "manualSelector",
  "template",
  "backoffLimitPerIndex",
  "podFailurePolicy",
  "successPolicy",
  "managedBy",
  "podReplacementPolicy",
];

function readAction(
  r: Reader,
  a: YValue,
  start: SimTime,
  end: SimTime,
  gates: FeatureGates,
): Action | undefined {
  if (!r.map(a)) return undefined;
  r.knownFields(a, ["at", ...VERBS]);
  const atV = a.get("at");
  const at = r.required(atV, "a time such as 2h or 2026-03-01T02:00:00Z")
    ? readInstant(r, atV, start)
    : undefined;
  if (at !== undefined && at < start) {
    r.error(atV, `expected a time at or after spec.start (${formatInstant(start)}), got ${atV.describe()}`);
  } else if (at !== undefined && at >= end) {
    r.warn(atV, `after the end of the simulation (${formatInstant(end)}): this action never happens`);
  }
  const verbs = VERBS.filter((k) => !a.get(k).isUnset);
  if (verbs.length !== 1) {
    r.error(
      a,
      `expected exactly one of ${VERBS.join(", ")}, got ${verbs.length === 0 ? "none" : verbs.join(" and ")}`,
    );
    return undefined;
  }
  const verb = verbs[0]!;
  const body = a.get(verb);
  if (!r.map(body)) return undefined;
  if (verb === "evict" || (verb === "delete" && body.get("kind").scalar === "Pod")) {
    return readPodAction(r, body, at, verb);
  }
  if (verb !== "create" && verb !== "patch" && verb !== "delete") return readNodeAction(r, body, at, verb);
  if (verb === "create") {
    const apiVersion = body.get("apiVersion").scalar;
    const kind = body.get("kind").scalar;
    if (kind !== "Job" && kind !== "CronJob") {
      r.error(body.get("kind"), `expected Job or CronJob, got ${body.get("kind").describe()}`);
      return undefined;
    }
    if (apiVersion !== undefined && apiVersion !== "batch/v1") {
      r.error(
        body.get("apiVersion"),
        `no matches for kind "${kind}" in version ${JSON.stringify(apiVersion)}: jobsim simulates batch/v1`,
      );
      return undefined;
    }
    const manifest: JobManifest | CronJobManifest | undefined =
      kind === "Job" ? readJobManifest(r.diag, body, gates) : readCronJobManifest(r.diag, body, gates);
    return manifest === undefined || at === undefined ? undefined : { at, kind: "create", manifest };
  }
  r.knownFields(
    body,
    verb === "patch"
      ? ["kind", "name", "namespace", "spec", "metadata"]
      : body.get("kind").scalar === "Job"
        ? ["kind", "name", "namespace", "propagationPolicy"]
        : ["kind", "name", "namespace"],
  );
  const kindV = body.get("kind");
  let kind: ObjectKind | undefined;
  if (r.required(kindV, "Job or CronJob")) {
    const k = r.string(kindV, "Job or CronJob");
    if (k !== undefined && !(KINDS as readonly string[]).includes(k))
      r.error(
        kindV,
        `expected ${verb === "delete" ? "Job, CronJob or Pod" : "Job or CronJob"}, got ${kindV.describe()}`,
      );
    else kind = k as ObjectKind | undefined;
  }
  const name = r.required(body.get("name"), "an object name")
    ? r.string(body.get("name"), "an object name")
    : undefined;
  const namespace = r.string(body.get("namespace"), "a namespace") ?? "default";
  if (kind === undefined || name === undefined || at === undefined) return undefined;
  const target = { kind, namespace, name };
  if (verb === "delete") {
    // kubectl's default for Jobs is Background (the API server's own default would orphan them).
    const propagationPolicy =
      readEnum(r.diag, body.get("propagationPolicy"), PROPAGATION_POLICIES) ?? "Background";
    return { at, kind: "delete", target, propagationPolicy };
  }
  const patch = readPatch(r, body, kind);
  return patch === undefined ? undefined : { at, kind: "patch", target, patch };
}

/** Check a patch body against the target kind's fields; the body itself stays plain data. */
function readPatch(r: Reader, body: YValue, kind: ObjectKind): Record<string, unknown> | undefined {
  const before = r.diag.errorCount;
  const specV = body.get("spec");
  const metaV = body.get("metadata");
  if (specV.isUnset && metaV.isUnset) {
    r.error(body, "expected spec and/or metadata to change");
    return undefined;
  }
  if (r.map(metaV)) {
    r.knownFields(metaV, ["labels", "annotations"]);
    readStringMap(r.diag, metaV.get("labels"), true);
    readStringMap(r.diag, metaV.get("annotations"), false);
  }
  if (r.map(specV)) {
    const known = kind === "Job" ? JOB_SPEC_FIELD_NAMES : CRONJOB_SPEC_FIELD_NAMES;
    r.knownFields(specV, known);
    if (kind === "Job") {
      for (const f of JOB_IMMUTABLE) {
        if (!specV.get(f).isUnset) r.error(specV.get(f), "field is immutable");
      }
      for (const f of [
        "parallelism",
        "completions",
        "backoffLimit",
        "maxFailedIndexes",
        "ttlSecondsAfterFinished",
      ]) {
        readInt(r.diag, specV.get(f));
      }
      readSeconds(r.diag, specV.get("activeDeadlineSeconds"));
      readBool(r.diag, specV.get("suspend"));
    } else {
      for (const f of ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"]) readInt(r.diag, specV.get(f));
      readSeconds(r.diag, specV.get("startingDeadlineSeconds"));
      readBool(r.diag, specV.get("suspend"));
      readEnum(r.diag, specV.get("concurrencyPolicy"), ["Allow", "Forbid", "Replace"] as const);
      const schedule = readStr(r.diag, specV.get("schedule"));
      const problem = schedule === null ? null : validateScheduleSyntax(schedule);
      if (problem !== null)
        r.diag.error(
          specV.get("schedule").location(),
          specV.get("schedule").path,
          k8sError.invalid(schedule, problem),
        );
      readStr(r.diag, specV.get("timeZone"));
    }
  }
  if (r.diag.errorCount > before) return undefined;
  const patch: Record<string, unknown> = {};
  if (!specV.isUnset) patch.spec = specV.toJS();
  if (!metaV.isUnset) patch.metadata = metaV.toJS();
  return patch;
}
