/**
 * Leader-election takeover after kube-controller-manager's leader dies, as client-go's
 * tools/leaderelection `LeaderElector` times it.
 *
 * A candidate keeps `observedTime`, the instant (on its own clock) it last saw the lease record
 * change, and `tryAcquireOrRenew` refuses while `observedTime + leaseDuration` is after now
 * (`isLeaseValid`). A dead leader renews no more, so the record a new candidate reads first
 * never changes again: its `observedTime` is the instant it starts campaigning. `acquire` calls
 * `tryAcquireOrRenew` at once and then every `retryPeriod` (`wait.JitterUntil`, sliding), so
 * the lease is taken at the first try at or after `observedTime + leaseDuration`.
 *
 * Upstream stretches each retry period by a random factor in [1, 2.2) (JitterFactor 1.2);
 * jobsim uses the period itself, the earliest takeover the jitter allows, so an instant is
 * exact and needs no random stream. The renew deadline only matters to a leader that is alive
 * but cannot reach the API server; it is validated as upstream's `NewLeaderElector` does.
 */
import type { Millis } from "../engine/time.js";
import { SECOND } from "../engine/time.js";

export interface LeaderElectionTiming {
  /** `--leader-elect-lease-duration`. */
  leaseDuration: Millis;
  /** `--leader-elect-renew-deadline`. */
  renewDeadline: Millis;
  /** `--leader-elect-retry-period`. */
  retryPeriod: Millis;
}

/** kube-controller-manager's defaults (component-base `RecommendedDefaultLeaderElectionConfiguration`). */
export const DEFAULT_LEADER_ELECTION: LeaderElectionTiming = {
  leaseDuration: 15 * SECOND,
  renewDeadline: 10 * SECOND,
  retryPeriod: 2 * SECOND,
};

/** client-go `leaderelection.JitterFactor`. */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;

/** What upstream `NewLeaderElector` refuses, as a sentence; null when the timing is valid. */
export function leaderElectionProblem(t: LeaderElectionTiming): string | null {
  if (t.leaseDuration <= t.renewDeadline) return "leaseDuration must be greater than renewDeadline";
  if (t.renewDeadline <= LEADER_ELECTION_JITTER_FACTOR * t.retryPeriod) {
    return `renewDeadline must be greater than retryPeriod*${LEADER_ELECTION_JITTER_FACTOR}`;
  }
  if (t.retryPeriod < 1) return "retryPeriod must be greater than zero";
  return null;
}

/**
 * Time from a candidate's first try to its acquiring the lease of a leader that died: the first
 * multiple of `retryPeriod` at or after `leaseDuration` (16 s with the defaults: tries at
 * 0, 2, ..., 14 s see a valid lease; the try at 16 s takes it).
 */
export function leaseTakeoverDelay(t: LeaderElectionTiming): Millis {
  return Math.ceil(t.leaseDuration / t.retryPeriod) * t.retryPeriod;
}
