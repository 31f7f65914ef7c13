import type { Millis } from "../engine/time.js";
import { MINUTE } from "../engine/time.js";
import type { Labels } from "../k8s/types.js";
import { bernoulli, exponentialMillis, sampleMillis, weightedIndex } from "../rand/distributions.js";
import type { RandomStream } from "../rand/streams.js";
import type { ScriptEntry, Workload } from "../scenario/types.js";

/** What one attempt of a pod's main container does. */
export interface AttemptOutcome {
  /** Time from the attempt's start to its end; null: runs until deleted. */
  after: Millis | null;
  exitCode: number;
  /** Container termination reason: Completed, Error or OOMKilled. */
  reason: string;
  /** Evicted through the Eviction API (DisruptionTarget=True); the kubelet then stops it gracefully. */
  disruption: boolean;
  /** Container the outcome belongs to; null: the first. */
  container: string | null;
}

/** Run time of a pod no workload matches (docs/scenario-format.md "Workloads"). */
export const DEFAULT_DURATION: Millis = MINUTE;

const OOM_EXIT_CODE = 137;
const HOUR_MS = 3_600_000;

/** The identity a workload `match` looks at. */
export interface PodIdentity {
  job: string;
  cronJob: string | null;
  labels: Labels;
}

/** The first workload whose match fits, or null (docs/scenario-format.md: first match wins). */
export function findWorkload(workloads: readonly Workload[], pod: PodIdentity): Workload | null {
  for (const w of workloads) {
    const m = w.match;
    if (m.job !== null && m.job !== pod.job) continue;
    if (m.cronJob !== null && m.cronJob !== pod.cronJob) continue;
    if (m.labels !== null && !Object.entries(m.labels).every(([k, v]) => pod.labels[k] === v)) continue;
    return w;
  }
  return null;
}

function fromScript(entry: ScriptEntry): AttemptOutcome {
  switch (entry.kind) {
    case "exit":
      return {
        after: entry.after,
        exitCode: entry.exitCode,
        reason: entry.exitCode === 0 ? "Completed" : "Error",
        disruption: false,
        container: entry.container,
      };
    case "oomKilled":
      return {
        after: entry.after,
        exitCode: OOM_EXIT_CODE,
        reason: "OOMKilled",
        disruption: false,
        container: entry.container,
      };
    case "disruption":
      return {
        after: entry.after,
        exitCode: 143,
        reason: "Error",
        disruption: true,
        container: entry.container,
      };
    case "hang":
      return { after: null, exitCode: 0, reason: "Completed", disruption: false, container: entry.container };
  }
}

/**
 * Decide attempt `attempt` (0-based, per Job or per completion index) from the workload. Draws
 * come only from `rng`, the attempt's own stream, in a fixed order: failure coin, time, exit
 * code, then the eviction clock; so the outcome depends on nothing but the seed and the name.
 */
export function decideAttempt(
  workload: Workload | null,
  attempt: number,
  index: number | null,
  rng: RandomStream,
): AttemptOutcome {
  if (workload === null) {
    return { after: DEFAULT_DURATION, exitCode: 0, reason: "Completed", disruption: false, container: null };
  }
  const script = (index !== null ? workload.scriptByIndex.get(index) : undefined) ?? workload.script;
  let outcome: AttemptOutcome;
  if (script !== null && script.length > 0) {
    outcome = fromScript(script[Math.min(attempt, script.length - 1)]!);
  } else {
    const runTime = workload.duration ? sampleMillis(workload.duration, rng) : DEFAULT_DURATION;
    const failure = workload.failure;
    if (failure !== null && bernoulli(failure.probability, rng)) {
      const after = failure.after ? sampleMillis(failure.after, rng) : runTime;
      const codes = failure.exitCodes;
      const code =
        codes.length === 0
          ? 1
          : codes[
              weightedIndex(
                codes.map((c) => c.weight),
                rng,
              )
            ]!.code;
      outcome = {
        after,
        exitCode: code,
        reason: code === OOM_EXIT_CODE ? "OOMKilled" : "Error",
        disruption: false,
        container: failure.container,
      };
    } else {
      outcome = { after: runTime, exitCode: 0, reason: "Completed", disruption: false, container: null };
    }
  }
  if (workload.disruption !== null && workload.disruption.perHour > 0) {
    const evictAfter = exponentialMillis(HOUR_MS / workload.disruption.perHour, rng);
    if (outcome.after === null || evictAfter < outcome.after) {
      outcome = { after: evictAfter, exitCode: 143, reason: "Error", disruption: true, container: null };
    }
  }
  return outcome;
}
