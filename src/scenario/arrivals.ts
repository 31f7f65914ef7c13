/**
 * `spec.arrivals`: a Job template submitted again and again, at fixed intervals or as a Poisson
 * process, for throughput and queueing studies. Read here; submitted by run/arrivals.ts.
 *
 * ```yaml
 * arrivals:
 *   - {template: etl, every: 5m, count: 10}            # a Job declared in the scenario
 *   - {template: {metadata: {name: q}, spec: {...}}, rate: 12/h, start: 1h}
 * ```
 * A Job named as a template is only a template: it is not created at the start itself.
 */
import { formatInstant, type Millis, parseDuration, type SimTime } from "../engine/time.js";
import type { FeatureGates } from "../k8s/feature-gates.js";
import type { JobManifest } from "../k8s/types.js";
import { DEPENDS_ON_ANNOTATION, jobDependencies } from "./dependencies.js";
import { checkMeanGap, readInstant, readPositiveDuration } from "./durations.js";
import { suggest } from "./errors.js";
import { readJobManifest } from "./job-manifest.js";
import type { SimulationDocument } from "./read-simulation-result.js";
import type { Arrival } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

const RATE_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(ms|s|m|h|d|w)$/;
/** An arrival rate's text, as a JSON Schema `pattern` (scenario schema). */
export const ARRIVAL_RATE_PATTERN = RATE_RE.source;
const RATE_HINT = "a rate such as 12/h (per ms, s, m, h, d or w)";

/** Read `spec.arrivals`: the arrivals, and where each was written (same order). */
export function readArrivals(
  r: Reader,
  v: YValue,
  start: SimTime,
  end: SimTime,
  gates: FeatureGates,
): { arrivals: Arrival[]; sites: YValue[] } {
  const out: { arrivals: Arrival[]; sites: YValue[] } = { arrivals: [], sites: [] };
  if (!r.seq(v)) return out;
  for (const a of v.items()) {
    const arrival = readArrival(r, a, start, end, gates);
    if (arrival !== undefined) {
      out.arrivals.push(arrival);
      out.sites.push(a);
    }
  }
  return out;
}

function readArrival(
  r: Reader,
  a: YValue,
  simStart: SimTime,
  end: SimTime,
  gates: FeatureGates,
): Arrival | undefined {
  if (!r.map(a)) return undefined;
  r.knownFields(a, ["template", "every", "rate", "count", "start"]);
  const before = r.diag.errorCount;

  let template: Arrival["template"] | undefined;
  const tV = a.get("template");
  if (r.required(tV, "a Job name declared in the scenario, or a Job manifest")) {
    if (tV.kind === "map") {
      if (!tV.get("kind").isUnset && tV.get("kind").scalar !== "Job")
        r.error(tV.get("kind"), `expected Job, got ${tV.get("kind").describe()}`);
      else if (!tV.get("apiVersion").isUnset && tV.get("apiVersion").scalar !== "batch/v1")
        r.error(tV.get("apiVersion"), `expected batch/v1, got ${tV.get("apiVersion").describe()}`);
      else {
        const manifest = readJobManifest(r.diag, tV, gates);
        if (manifest !== undefined) template = { kind: "inline", manifest };
      }
    } else {
      const text = r.string(tV, "a Job name declared in the scenario, or a Job manifest");
      if (text !== undefined) {
        const slash = text.indexOf("/");
        template =
          slash < 0
            ? { kind: "ref", namespace: "", name: text }
            : { kind: "ref", namespace: text.slice(0, slash), name: text.slice(slash + 1) };
      }
    }
  }

  const everyV = a.get("every");
  const rateV = a.get("rate");
  let process: Arrival["process"] | undefined;
  if (everyV.isUnset === rateV.isUnset) {
    r.error(a, `expected exactly one of every, rate, got ${everyV.isUnset ? "none" : "every and rate"}`);
  } else if (!everyV.isUnset) {
    const every = readPositiveDuration(r, everyV);
    if (every !== undefined) process = { kind: "interval", every };
  } else {
    const text = typeof rateV.scalar === "string" ? rateV.scalar.trim() : "";
    const m = RATE_RE.exec(text);
    const n = m === null ? 0 : Number(m[1]);
    const unit: Millis | undefined = m === null ? undefined : parseDuration(`1${m[2]}`);
    if (unit === undefined || !(n > 0)) r.error(rateV, `expected ${RATE_HINT}, got ${rateV.describe()}`);
    else {
      const meanGap = checkMeanGap(r, rateV, unit / n);
      if (meanGap !== undefined) process = { kind: "poisson", meanGap };
    }
  }

  const count = r.integer(a.get("count"), 1, Number.MAX_SAFE_INTEGER, "an integer >= 1") ?? null;

  const startV = a.get("start");
  let start = simStart;
  if (!startV.isUnset) {
    const t = readInstant(r, startV, simStart);
    if (t !== undefined && t < simStart) {
      r.error(
        startV,
        `expected a time at or after spec.start (${formatInstant(simStart)}), got ${startV.describe()}`,
      );
    } else if (t !== undefined) {
      if (t >= end)
        r.warn(startV, `after the end of the simulation (${formatInstant(end)}): nothing arrives`);
      start = t;
    }
  }
  if (r.diag.errorCount > before || template === undefined || process === undefined) return undefined;
  return { template, process, count, start };
}

/**
 * Cross-checks once the manifests are read: a named template is a Job declared in the scenario
 * (`name`, or `namespace/name` when the name is in several namespaces); templates have no
 * dependencies; no Job depends on a named template (it is never created); and a workload that
 * matches a template by Job name is pointed to labels (submitted Jobs are `<template>-<n>`).
 * Resolves each `ref` template's namespace in place.
 */
export function checkArrivals(
  r: Reader,
  sim: SimulationDocument,
  jobs: readonly JobManifest[],
  jobSites: readonly YValue[],
): void {
  const arrivals = sim.spec.arrivals ?? [];
  const templateKeys = new Set<string>();
  arrivals.forEach((a, i) => {
    const tV = sim.arrivalSites[i]!.get("template");
    const t = a.template;
    if (t.kind === "inline") {
      if (t.manifest.metadata.annotations[DEPENDS_ON_ANNOTATION] !== undefined) {
        r.error(
          tV.get("metadata").get("annotations").entry(DEPENDS_ON_ANNOTATION),
          "an arrival template cannot have dependencies",
        );
      }
      return;
    }
    const found = jobs.filter(
      (j) => j.metadata.name === t.name && (t.namespace === "" || j.metadata.namespace === t.namespace),
    );
    if (found.length === 0) {
      const near = suggest(
        t.name,
        jobs.map((j) => j.metadata.name),
      );
      r.error(
        tV,
        `no Job named ${JSON.stringify(t.name)}${t.namespace === "" ? "" : ` in namespace ${t.namespace}`} among the scenario's manifests` +
          (near === null ? "" : `; did you mean "${near}"?`),
      );
      return;
    }
    if (found.length > 1) {
      const spaces = found.map((j) => j.metadata.namespace).join(", ");
      r.error(tV, `Jobs named ${t.name} exist in namespaces ${spaces}: write namespace/name`);
      return;
    }
    t.namespace = found[0]!.metadata.namespace;
    templateKeys.add(`${t.namespace}/${t.name}`);
    if (jobDependencies(found[0]!) !== null)
      r.error(tV, `an arrival template cannot have dependencies (${t.name} has ${DEPENDS_ON_ANNOTATION})`);
  });
  if (templateKeys.size === 0) return;

  jobs.forEach((job, i) => {
    const deps = jobDependencies(job);
    const bad = deps?.dependsOn.find((d) => templateKeys.has(`${job.metadata.namespace}/${d}`));
    if (bad === undefined) return;
    r.error(
      jobSites[i]!.get("metadata").get("annotations").entry(DEPENDS_ON_ANNOTATION),
      `${bad} is an arrival template: it is never created itself, so nothing can depend on it`,
    );
  });
  sim.spec.workloads.forEach((w, i) => {
    const name = w.match.job;
    if (name === null || !jobs.some((j) => j.metadata.name === name && templateKeys.has(keyOf(j)))) return;
    r.warn(
      sim.workloadSites[i]!.get("match").get("job"),
      `${name} is an arrival template: its Jobs are named ${name}-1, ${name}-2, ...; match them by the pod template's labels`,
    );
  });
}

const keyOf = (j: JobManifest) => `${j.metadata.namespace}/${j.metadata.name}`;

/** `namespace/name` of every declared Job used as a named arrival template (not created at start). */
export function arrivalTemplateKeys(arrivals: readonly Arrival[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const a of arrivals ?? [])
    if (a.template.kind === "ref") out.add(`${a.template.namespace}/${a.template.name}`);
  return out;
}
