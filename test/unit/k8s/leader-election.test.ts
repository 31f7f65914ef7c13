import { describe, expect, it } from "vitest";
import {
  DEFAULT_LEADER_ELECTION,
  leaderElectionProblem,
  leaseTakeoverDelay,
} from "../../../src/k8s/leader-election.js";

describe("leader-election takeover (client-go tools/leaderelection)", () => {
  it("with the defaults (15 s lease, 2 s retry) takes the lease 16 s after the candidate's first try", () => {
    // Tries at 0, 2, ..., 14 s: observedTime + 15 s is after now, the lease is valid. At 16 s it is not.
    expect(leaseTakeoverDelay(DEFAULT_LEADER_ELECTION)).toBe(16_000);
  });

  it("takes it at the lease duration itself when a try falls exactly on it (isLeaseValid uses After)", () => {
    expect(leaseTakeoverDelay({ leaseDuration: 15_000, renewDeadline: 10_000, retryPeriod: 3_000 })).toBe(
      15_000,
    );
    expect(leaseTakeoverDelay({ leaseDuration: 60_000, renewDeadline: 40_000, retryPeriod: 7_000 })).toBe(
      63_000,
    );
  });

  it("refuses what NewLeaderElector refuses", () => {
    expect(leaderElectionProblem(DEFAULT_LEADER_ELECTION)).toBeNull();
    expect(
      leaderElectionProblem({ leaseDuration: 10_000, renewDeadline: 10_000, retryPeriod: 2_000 }),
    ).toMatch(/leaseDuration must be greater than renewDeadline/);
    expect(
      leaderElectionProblem({ leaseDuration: 15_000, renewDeadline: 2_400, retryPeriod: 2_000 }),
    ).toMatch(/renewDeadline must be greater than retryPeriod\*1.2/);
  });
});
