import { describe, expect, it } from "vitest";
import { decideAttempt } from "../../../src/pods/workload-model.js";
import { type RandomStream, RandomStreams } from "../../../src/rand/streams.js";
import type { FailureModel, Workload } from "../../../src/scenario/types.js";

/** A stream that counts its draws. */
function counting(): RandomStream & { draws: number } {
  const inner = new RandomStreams(1).get("test/attempt");
  const s = {
    name: inner.name,
    draws: 0,
    next: () => {
      s.draws++;
      return inner.next();
    },
    int: (n: number) => {
      s.draws++;
      return inner.int(n);
    },
    pick: <T>(items: readonly T[]): T => {
      s.draws++;
      return inner.pick(items);
    },
  };
  return s;
}

const workload = (over: Partial<Workload>): Workload => ({
  match: { job: null, cronJob: null, labels: null },
  duration: { kind: "constant", value: 20_000 },
  failure: null,
  disruption: null,
  script: null,
  scriptByIndex: new Map(),
  ...over,
});

describe("decideAttempt", () => {
  it("does not draw for a constant duration that no other draw follows", () => {
    const rng = counting();
    expect(decideAttempt(workload({}), 0, null, rng)).toMatchObject({ after: 20_000, exitCode: 0 });
    expect(rng.draws).toBe(0);
  });

  it("still draws once for a constant duration when the failure coin follows it", () => {
    const rng = counting();
    const failure: FailureModel = { probability: 0, after: null, exitCodes: [], container: null };
    const outcome = decideAttempt(workload({ failure }), 0, null, rng);
    expect(outcome).toMatchObject({ after: 20_000, exitCode: 0 });
    // The duration's draw, then the coin: the coin keeps its place whatever the duration's kind.
    expect(rng.draws).toBe(2);
  });

  it("still draws for a constant duration when an eviction clock follows it", () => {
    const rng = counting();
    decideAttempt(workload({ disruption: { perHour: 1 } }), 0, null, rng);
    expect(rng.draws).toBe(2);
  });
});
