/**
 * Properties of the Job policies (finalizer counting, completedIndexes text, pod failure and
 * success policies): the interval text round-trips, and
 * two consecutive syncs over arbitrary pod states never write contradictory conditions, never
 * count more successes than completions (NonIndexed), and never lower a counter.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatIntervals,
  type Interval,
  intervalsTotal,
  parseIndexesFromString,
} from "../../src/controllers/job/indexed.js";
import { syncJob } from "../../src/controllers/job/sync-job.js";
import { SECOND } from "../../src/engine/time.js";
import { defaultFeatureGates, type FeatureGates } from "../../src/k8s/feature-gates.js";
import type { Job, Pod, PodFailurePolicyRule, PodPhase } from "../../src/k8s/types.js";
import {
  buildPod,
  FAR_PAST,
  JOB_KEY,
  legacyGates,
  newJob,
  newTestController,
  REFERENCE_TIME,
} from "../helpers/job-builders.js";

/** Fixed seed; fast-check prints it with any counterexample for replay. */
const SEED = 20340611;

const intervalsOf = (set: readonly number[]): Interval[] => {
  const out: Interval[] = [];
  for (const i of [...new Set(set)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last !== undefined && last.last === i - 1) last.last = i;
    else out.push({ first: i, last: i });
  }
  return out;
};

describe("completedIndexes text: formatIntervals and parseIndexesFromString", () => {
  it("parse(format(set)) is the set, within completions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(250), { maxLength: 60 }),
        (completions, raw) => {
          const set = raw.filter((i) => i < completions);
          const text = formatIntervals(intervalsOf(set));
          expect(parseIndexesFromString(text, completions)).toEqual(intervalsOf(set));
          expect(intervalsTotal(parseIndexesFromString(text, completions))).toBe(new Set(set).size);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("format(parse(x)) is a fixed point for the text of any set, and parsing clips to completions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(250), { maxLength: 60 }),
        (completions, set) => {
          const text = formatIntervals(intervalsOf(set));
          const once = formatIntervals(parseIndexesFromString(text, 1000));
          expect(once).toBe(text);
          const clipped = parseIndexesFromString(text, completions);
          expect(clipped).toEqual(intervalsOf(set.filter((i) => i < completions)));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});

interface PodState {
  phase: PodPhase;
  terminating: boolean;
  index: number | null;
  exitCode: number;
  disruption: boolean;
  failureCount: number;
}

interface Scenario {
  indexed: boolean;
  parallelism: number;
  completions: number;
  backoffLimit: number;
  perIndex: boolean;
  policy: "none" | "failJob" | "ignore" | "failIndex";
  successPolicy: boolean;
  legacy: boolean;
  pods: PodState[];
  /** Per pod (existing and created, in order): 0 stays, 1 succeeds, 2 fails, 3 vanishes. */
  evolution: number[];
}

const podState = (completions: number): fc.Arbitrary<PodState> =>
  fc.record({
    phase: fc.constantFrom<PodPhase>("Pending", "Running", "Succeeded", "Failed"),
    terminating: fc.boolean(),
    index: fc.option(fc.integer({ min: 0, max: completions }), { nil: null, freq: 6 }),
    exitCode: fc.constantFrom(1, 3, 42),
    disruption: fc.boolean(),
    failureCount: fc.integer({ min: 0, max: 2 }),
  });

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    indexed: fc.boolean(),
    parallelism: fc.integer({ min: 1, max: 4 }),
    completions: fc.integer({ min: 1, max: 6 }),
    backoffLimit: fc.integer({ min: 0, max: 4 }),
    perIndex: fc.boolean(),
    policy: fc.constantFrom("none" as const, "failJob" as const, "ignore" as const, "failIndex" as const),
    successPolicy: fc.boolean(),
    legacy: fc.boolean(),
  })
  .chain(
    (s) =>
      fc.record({
        ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, fc.constant(v)])),
        // At most `completions` pods: the controller itself never runs more than that.
        pods: fc.array(podState(s.completions), { maxLength: s.completions }),
        evolution: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 20, maxLength: 20 }),
      }) as fc.Arbitrary<Scenario>,
  );

function rule(policy: Scenario["policy"]): PodFailurePolicyRule[] {
  const onExit = (action: PodFailurePolicyRule["action"]): PodFailurePolicyRule => ({
    action,
    onExitCodes: { containerName: null, operator: "In", values: [3] },
    onPodConditions: null,
  });
  if (policy === "failJob") return [onExit("FailJob")];
  if (policy === "ignore")
    return [
      {
        action: "Ignore",
        onExitCodes: null,
        onPodConditions: [{ type: "DisruptionTarget", status: "True" }],
      },
    ];
  if (policy === "failIndex") return [onExit("FailIndex")];
  return [];
}

function buildJob(s: Scenario): Job {
  const perIndex = s.indexed && s.perIndex;
  // FailIndex needs backoffLimitPerIndex (validation); drop it otherwise.
  const policy = s.policy === "failIndex" && !perIndex ? "none" : s.policy;
  return newJob({
    completionMode: s.indexed ? "Indexed" : "NonIndexed",
    parallelism: s.parallelism,
    completions: s.completions,
    backoffLimit: perIndex ? 2147483647 : s.backoffLimit,
    backoffLimitPerIndex: perIndex ? 1 : null,
    podFailurePolicy: policy === "none" ? null : { rules: rule(policy) },
    successPolicy:
      s.indexed && s.successPolicy ? { rules: [{ succeededIndexes: null, succeededCount: 1 }] } : null,
  });
}

function buildPods(s: Scenario): Pod[] {
  return s.pods.map((p, i) => {
    const b = buildPod().name(`p${i}`).phase(p.phase).creationTimestamp(FAR_PAST);
    if (p.index !== null) b.index(String(p.index));
    if (p.phase === "Failed" || p.phase === "Succeeded")
      b.container("main", p.phase === "Failed" ? p.exitCode : 0, FAR_PAST);
    if (p.phase === "Failed" && p.disruption) b.condition("DisruptionTarget");
    if (p.terminating && p.phase !== "Failed" && p.phase !== "Succeeded") b.deletionTimestamp(REFERENCE_TIME);
    b.indexFailureCount(String(p.failureCount));
    return b.build();
  });
}

/** Apply the first sync's pod writes, then move pods on as the evolution says. */
function nextPods(pods: Pod[], h: ReturnType<typeof newTestController>, evolution: number[]): Pod[] {
  const patched = new Set(h.podControl.patches);
  const deleted = new Set(h.podControl.deletePodNames);
  const out: Pod[] = pods.map((p) => {
    const q = structuredClone(p);
    if (patched.has(q.metadata.name)) q.metadata.finalizers = [];
    if (deleted.has(q.metadata.name) && q.metadata.deletionTimestamp === null)
      q.metadata.deletionTimestamp = REFERENCE_TIME;
    return q;
  });
  h.podControl.creates.forEach((c, i) => {
    const b = buildPod().name(`new${i}`).phase("Pending").creationTimestamp(REFERENCE_TIME);
    if (c.index !== null) b.index(String(c.index));
    for (const [k, v] of Object.entries(c.annotations)) {
      if (k.endsWith("job-index-failure-count")) b.indexFailureCount(v);
      if (k.endsWith("job-index-ignored-failure-count")) b.indexIgnoredFailureCount(v);
    }
    out.push(b.build());
  });
  const result: Pod[] = [];
  out.forEach((p, i) => {
    const step = evolution[i % evolution.length]!;
    const terminal = p.status.phase === "Succeeded" || p.status.phase === "Failed";
    if (step === 3) {
      // Pods only vanish once their finalizer is gone (that is what the finalizer is for).
      if (p.metadata.finalizers.length === 0) return;
    } else if (!terminal && step !== 0) {
      // A pod being deleted never succeeds afterwards.
      const phase = step === 1 && p.metadata.deletionTimestamp === null ? "Succeeded" : "Failed";
      p.status.phase = phase;
      p.status.containerStatuses = [
        {
          name: "main",
          restartCount: 0,
          ready: false,
          state: {
            waiting: null,
            running: null,
            terminated: {
              exitCode: phase === "Failed" ? 1 : 0,
              reason: "",
              startedAt: null,
              finishedAt: REFERENCE_TIME,
            },
          },
          lastTerminated: null,
        },
      ];
    }
    result.push(p);
  });
  return result;
}

const bothTerminal = (job: Job) =>
  job.status.conditions.some((c) => c.type === "Complete" && c.status === "True") &&
  job.status.conditions.some((c) => c.type === "Failed" && c.status === "True");

describe("two consecutive syncs over arbitrary pod states", () => {
  it("never Complete and Failed together; NonIndexed succeeded ≤ completions; counters never decrease", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const gates: FeatureGates = s.legacy ? legacyGates : defaultFeatureGates;
        const h = newTestController(gates);
        const job0 = buildJob(s);
        const pods0 = buildPods(s);
        syncJob(h.deps, JOB_KEY, structuredClone(job0), structuredClone(pods0));
        const job1 = structuredClone(h.writes.at(-1) ?? job0);
        for (const w of h.writes) expect(bothTerminal(w)).toBe(false);

        const pods1 = nextPods(pods0, h, s.evolution);
        h.clock.step(60 * SECOND);
        const writesBefore = h.writes.length;
        syncJob(h.deps, JOB_KEY, structuredClone(job1), pods1);
        const job2 = h.writes.at(-1) ?? job1;
        for (const w of h.writes.slice(writesBefore)) expect(bothTerminal(w)).toBe(false);

        expect(job1.status.failed).toBeGreaterThanOrEqual(job0.status.failed);
        expect(job2.status.failed).toBeGreaterThanOrEqual(job1.status.failed);
        // completions never changes here, so even Indexed Jobs may not lose successes.
        expect(job1.status.succeeded).toBeGreaterThanOrEqual(job0.status.succeeded);
        expect(job2.status.succeeded).toBeGreaterThanOrEqual(job1.status.succeeded);
        if (!s.indexed) {
          expect(job1.status.succeeded).toBeLessThanOrEqual(s.completions);
          expect(job2.status.succeeded).toBeLessThanOrEqual(s.completions);
        } else {
          expect(job2.status.succeeded).toBeLessThanOrEqual(s.completions);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
