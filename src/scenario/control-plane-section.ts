/**
 * `spec.controller`'s control-plane timing: informer delivery delay, sync duration, workers per
 * controller and leader election. Every field is optional; a scenario that sets none gets no
 * {@link ControllerTiming} at all and runs exactly as before (syncs take no time).
 */
import {
  DEFAULT_LEADER_ELECTION,
  type LeaderElectionTiming,
  leaderElectionProblem,
} from "../k8s/leader-election.js";
import type { Distribution } from "../rand/distributions.js";
import { type ReadRelative, readDistribution, readPositiveDuration } from "./durations.js";
import type { ControllerTiming } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

/** The fields this module reads, for `knownFields` of `spec.controller`. */
export const CONTROL_PLANE_FIELDS = [
  "informerDelay",
  "syncDuration",
  "concurrentSyncs",
  "leaderElection",
] as const;

/** The three controllers, by the names the scenario uses for them. */
export const TIMED_CONTROLLERS = ["job", "cronJob", "ttl"] as const;
export type TimedController = (typeof TIMED_CONTROLLERS)[number];

/**
 * Workers per controller as kube-controller-manager starts them: `--concurrent-job-syncs`,
 * `--concurrent-cron-job-syncs` and `--concurrent-ttl-after-finished-syncs`, 5 each.
 */
export const DEFAULT_CONCURRENT_SYNCS: Record<TimedController, number> = { job: 5, cronJob: 5, ttl: 5 };

/** Most workers a controller may have: far beyond any real setting, small enough to stay cheap. */
const MAX_CONCURRENT_SYNCS = 10_000;

/** Read the timing fields of `spec.controller` (a map already checked); undefined when none is set. */
export function readControllerTiming(
  r: Reader,
  v: YValue,
  readRelative: ReadRelative,
): ControllerTiming | undefined {
  if (CONTROL_PLANE_FIELDS.every((f) => v.get(f).isUnset)) return undefined;
  const timing: ControllerTiming = {
    informerDelay: readDistribution(r, v.get("informerDelay"), readRelative) ?? null,
    syncDuration: { job: null, cronJob: null, ttl: null },
    concurrentSyncs: { ...DEFAULT_CONCURRENT_SYNCS },
    leaderElection: { ...DEFAULT_LEADER_ELECTION },
  };
  const syncV = v.get("syncDuration");
  if (r.map(syncV)) {
    r.knownFields(syncV, [...TIMED_CONTROLLERS]);
    for (const c of TIMED_CONTROLLERS) {
      const d: Distribution | undefined = readDistribution(r, syncV.get(c), readRelative);
      if (d !== undefined) timing.syncDuration[c] = d;
    }
  }
  const workersV = v.get("concurrentSyncs");
  if (r.map(workersV)) {
    r.knownFields(workersV, [...TIMED_CONTROLLERS]);
    for (const c of TIMED_CONTROLLERS) {
      const n = r.integer(
        workersV.get(c),
        1,
        MAX_CONCURRENT_SYNCS,
        `an integer from 1 to ${MAX_CONCURRENT_SYNCS}`,
      );
      if (n !== undefined) timing.concurrentSyncs[c] = n;
    }
  }
  const leV = v.get("leaderElection");
  if (r.map(leV)) {
    const fields = ["leaseDuration", "renewDeadline", "retryPeriod"] as const;
    r.knownFields(leV, [...fields]);
    const le: LeaderElectionTiming = timing.leaderElection;
    let ok = true;
    for (const f of fields) {
      const fv = leV.get(f);
      if (fv.isUnset) continue;
      const d = readPositiveDuration(r, fv);
      if (d === undefined) ok = false;
      else le[f] = d;
    }
    const problem = ok ? leaderElectionProblem(le) : null;
    if (problem !== null) r.error(leV, `${problem} (as kube-controller-manager requires)`);
  }
  return timing;
}
