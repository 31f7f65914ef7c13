/**
 * Random small scenarios from a grammar: one Simulation and a few Jobs and CronJobs whose fields
 * have the right types but random values (some out of range, so validation is exercised too).
 * Horizons are at most a few hours and Jobs have few completions, so every run is fast.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import type { FuzzCase } from "./cli-contract.js";
import { mutatedText, mutations, textDamage } from "./mutations.js";

const NAMES = ["etl", "report", "shard", "a", "b-2"] as const;

/** Go-style durations, mostly short. */
const duration: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 600 }).map((s) => `${s}s`),
  fc.integer({ min: 1, max: 90 }).map((m) => `${m}m`),
  fc.constantFrom("500ms", "1m30s", "1.5h", "2h"),
);

const seconds = fc.integer({ min: 0, max: 600 });

const distribution: fc.Arbitrary<unknown> = fc.oneof(
  duration,
  duration.map((d) => ({ constant: d })),
  fc
    .tuple(seconds, seconds)
    .map(([a, b]) => ({ uniform: { min: `${Math.min(a, b)}s`, max: `${Math.max(a, b)}s` } })),
  duration.map((mean) => ({ exponential: { mean } })),
  fc.tuple(duration, duration).map(([mean, stddev]) => ({ normal: { mean, stddev } })),
  fc
    .tuple(duration, fc.double({ min: 0.01, max: 2, noNaN: true }))
    .map(([median, sigma]) => ({ lognormal: { median, sigma } })),
  fc
    .tuple(fc.double({ min: 0.3, max: 4, noNaN: true }), duration)
    .map(([shape, scale]) => ({ weibull: { shape, scale } })),
  fc
    .tuple(seconds, seconds)
    .map(([a, b]) => ({ shiftedExponential: { min: `${a}s`, mean: `${a + b + 1}s` } })),
  fc.array(duration, { minLength: 1, maxLength: 4 }).map((samples) => ({ empirical: { samples } })),
  fc
    .array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), dist: duration }), {
      minLength: 1,
      maxLength: 3,
    })
    .map((mixture) => ({ mixture })),
);

/** Mostly none or a plausible rate; sometimes any rate, tiny ones included (rejected up front). */
const disruptionRate = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.double({ min: 1e-3, max: 3, noNaN: true }), weight: 6 },
  { arbitrary: fc.double({ min: 0, max: 3, noNaN: true }), weight: 1 },
);

const exitCode = fc.oneof(fc.constantFrom(0, 1, 2, 42, 137, 143), fc.integer({ min: 0, max: 255 }));

const scriptEntry: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ exitCode, after: duration }),
  fc.record({ oomKilled: fc.constant(true), after: duration }),
  fc.record({ disruption: fc.constant(true), after: duration }),
  fc.constant({ hang: true }),
);

const match: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...NAMES).map((job) => ({ job })),
  fc.constantFrom(...NAMES).map((cronJob) => ({ cronJob })),
  fc.constantFrom("etl", "x").map((app) => ({ labels: { app } })),
);

const workload: fc.Arbitrary<unknown> = fc.record(
  {
    match,
    duration: distribution,
    failure: fc.record(
      {
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
        after: distribution,
        exitCodes: fc.constantFrom({ "1": 1 }, { "1": 0.8, "137": 0.2 }, { "42": 1 }),
      },
      { requiredKeys: ["probability"] },
    ),
    disruption: fc.record({
      perHour: disruptionRate,
    }),
    script: fc.array(scriptEntry, { minLength: 1, maxLength: 3 }),
    scriptByIndex: fc.dictionary(
      fc.integer({ min: 0, max: 5 }).map(String),
      fc.array(scriptEntry, { minLength: 1, maxLength: 2 }),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: ["match"] },
);

/** podFailurePolicy rules; `perIndex` allows FailIndex (it needs backoffLimitPerIndex). */
/** A work-queue workload: the queue alone decides how its pods run. */
const workQueueWorkload: fc.Arbitrary<unknown> = fc.record(
  {
    match,
    workQueue: fc.record(
      {
        items: fc.integer({ min: 0, max: 40 }),
        itemDuration: distribution,
        itemFailure: fc.record({
          probability: fc.double({ min: 0, max: 1, noNaN: true }),
          exitCode: fc.integer({ min: 1, max: 255 }),
        }),
      },
      { requiredKeys: ["items", "itemDuration"] },
    ),
    disruption: fc.record({
      perHour: disruptionRate,
    }),
  },
  { requiredKeys: ["match", "workQueue"] },
);

const podFailurePolicy = (perIndex: boolean): fc.Arbitrary<unknown> =>
  fc
    .array(
      fc.oneof(
        fc.record({
          action: fc.constantFrom("FailJob", "Ignore", "Count", ...(perIndex ? ["FailIndex"] : [])),
          onExitCodes: fc.record({
            operator: fc.constantFrom("In", "NotIn"),
            values: fc
              .uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 3 })
              .map((v) => v.sort((a, b) => a - b)),
          }),
        }),
        fc.record({
          action: fc.constantFrom("Ignore", "Count", "FailJob"),
          onPodConditions: fc.constant([{ type: "DisruptionTarget" }]),
        }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((rules) => ({ rules }));

/** The knobs of a Job spec, turned into a spec the API server would mostly accept. */
const jobSpec: fc.Arbitrary<unknown> = fc
  .record({
    indexed: fc.boolean(),
    perIndex: fc.boolean(),
    withPolicy: fc.boolean(),
    completions: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    parallelism: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    backoffLimit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    activeDeadlineSeconds: fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined }),
    ttlSecondsAfterFinished: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
    suspend: fc.option(fc.boolean(), { nil: undefined }),
    backoffLimitPerIndex: fc.integer({ min: 0, max: 3 }),
    maxFailedIndexes: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    successPolicy: fc.boolean(),
    onFailure: fc.boolean(),
    priorityClassName: fc.option(fc.constantFrom("critical", "low", "unknown"), { nil: undefined }),
    resources: fc.option(
      fc.record({
        requests: fc.record(
          { cpu: fc.constantFrom("100m", "500m", "1", "2"), memory: fc.constantFrom("64Mi", "1Gi") },
          { requiredKeys: [] },
        ),
      }),
      { nil: undefined },
    ),
    policy: fc.boolean().chain((perIndex) => podFailurePolicy(perIndex).map((p) => ({ perIndex, p }))),
  })
  .map((k) => {
    const indexed = k.indexed;
    const completions = indexed ? (k.completions ?? 3) : k.completions;
    const perIndex = indexed && (k.perIndex || k.policy.perIndex);
    const policy = k.withPolicy && (perIndex || !k.policy.perIndex) ? k.policy.p : undefined;
    return {
      completions,
      parallelism: k.parallelism,
      backoffLimit: k.backoffLimit,
      activeDeadlineSeconds: k.activeDeadlineSeconds,
      ttlSecondsAfterFinished: k.ttlSecondsAfterFinished,
      suspend: k.suspend,
      ...(indexed ? { completionMode: "Indexed" } : {}),
      ...(perIndex ? { backoffLimitPerIndex: k.backoffLimitPerIndex } : {}),
      ...(perIndex && k.maxFailedIndexes !== undefined
        ? { maxFailedIndexes: Math.min(k.maxFailedIndexes, completions!) }
        : {}),
      ...(indexed && k.successPolicy ? { successPolicy: { rules: [{ succeededIndexes: "0" }] } } : {}),
      ...(policy ? { podFailurePolicy: policy, podReplacementPolicy: "Failed" } : {}),
      template: {
        metadata: { labels: { app: "etl" } },
        spec: {
          restartPolicy: k.onFailure && !policy ? "OnFailure" : "Never",
          priorityClassName: k.priorityClassName,
          containers: [{ name: "c", image: "busybox", resources: k.resources }],
        },
      },
    };
  });

/** A Job; with `earlier` Job names it may depend on some of them (jobsim.dev/depends-on). */
const job = (name: string, earlier: readonly string[]): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      jobSpec,
      earlier.length === 0 ? fc.constant([]) : fc.subarray([...earlier]),
      fc.option(fc.constantFrom("all-succeeded", "all-done", "any-failed"), { nil: undefined }),
    )
    .map(([spec, deps, rule]) => ({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name,
        ...(deps.length > 0
          ? { annotations: { "jobsim.dev/depends-on": deps.join(","), "jobsim.dev/trigger-rule": rule } }
          : {}),
      },
      spec,
    }));

const cronJob = (name: string): fc.Arbitrary<unknown> =>
  fc
    .record(
      {
        schedule: fc.constantFrom(
          "*/5 * * * *",
          "*/1 * * * *",
          "0 * * * *",
          "@hourly",
          "30 1 * * *",
          "15,45 * * * 1-5",
        ),
        timeZone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"),
        concurrencyPolicy: fc.constantFrom("Allow", "Forbid", "Replace"),
        startingDeadlineSeconds: fc.integer({ min: 0, max: 3600 }),
        suspend: fc.boolean(),
        successfulJobsHistoryLimit: fc.integer({ min: 0, max: 4 }),
        failedJobsHistoryLimit: fc.integer({ min: 0, max: 4 }),
        jobTemplate: jobSpec.map((spec) => ({ spec })),
      },
      { requiredKeys: ["schedule", "jobTemplate"] },
    )
    .map((spec) => ({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name }, spec }));

/** A user action on one of the scenario's objects (kind and name as declared). */
const action = (objects: readonly { kind: string; name: string }[]): fc.Arbitrary<unknown> =>
  fc.constantFrom(...objects).chain(({ kind, name }) =>
    fc.oneof(
      fc.record({
        at: duration,
        patch: fc.record({
          kind: fc.constant(kind),
          name: fc.constant(name),
          spec: fc.record({ suspend: fc.boolean() }),
        }),
      }),
      fc.record({ at: duration, delete: fc.constant({ kind, name }) }),
    ),
  );

const simulation: fc.Arbitrary<{ spec: Record<string, unknown> }> = fc
  .record(
    {
      seed: fc.nat({ max: 10_000 }),
      start: fc.constantFrom("2026-01-01T00:00:00Z", "2026-03-29T00:30:00Z", "2026-10-25T00:00:00+02:00"),
      horizon: fc.constantFrom("10m", "45m", "2h", "3h"),
      controller: fc.record(
        {
          timeZone: fc.constantFrom("UTC", "Europe/Berlin"),
          outages: fc.array(fc.record({ start: duration, duration }), { maxLength: 1 }),
        },
        { requiredKeys: [] },
      ),
      cluster: fc.record(
        {
          capacity: fc.record({ pods: fc.integer({ min: 1, max: 12 }) }),
          priorityClasses: fc.constant({ critical: 1000, low: 10 }),
          disruptions: fc.array(
            fc.oneof(
              fc.record({ at: duration, fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
              fc.record({
                rate: fc.constantFrom("2/h", "1/d", "10/h"),
                fraction: fc.double({ min: 0, max: 1, noNaN: true }),
              }),
            ),
            { maxLength: 2 },
          ),
          podStartup: distribution,
          podShutdown: distribution,
        },
        { requiredKeys: [] },
      ),
      workloads: fc.array(
        fc.oneof({ arbitrary: workload, weight: 4 }, { arbitrary: workQueueWorkload, weight: 1 }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ["horizon"] },
  )
  .map((spec) => ({
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "Simulation",
    metadata: { name: "fuzz" },
    spec,
  }));

/** Nodes instead of `capacity.pods` (the two exclude each other). */
const nodes = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom("worker", "spot", "gpu"),
    count: fc.integer({ min: 1, max: 3 }),
    allocatable: fc.record(
      {
        cpu: fc.constantFrom("1", "2", "4"),
        memory: fc.constantFrom("2Gi", "8Gi"),
        pods: fc.integer({ min: 1, max: 8 }),
      },
      { requiredKeys: [] },
    ),
  }),
  { minLength: 1, maxLength: 2, selector: (n) => n.name },
);

/** Repeated submissions of a declared Job. */
const arrival = (template: string): fc.Arbitrary<unknown> =>
  fc.record(
    {
      template: fc.constant(template),
      every: fc.constantFrom("5m", "17m", "1h"),
      count: fc.integer({ min: 1, max: 4 }),
      start: fc.constantFrom("0s", "10m"),
    },
    { requiredKeys: ["template", "every", "count"] },
  );

/**
 * A Simulation, up to four Jobs and CronJobs (names drawn without repeats, later Jobs possibly
 * depending on earlier ones), actions on them, maybe arrivals of a Job, maybe nodes instead of a
 * pod capacity, and maybe the manifests inside a `kind: List`.
 */
export const grammarDocuments: fc.Arbitrary<{ docs: unknown[]; checkDeterminism: boolean }> = fc
  .record({
    simulation,
    names: fc.shuffledSubarray([...NAMES], { minLength: 1, maxLength: 4 }),
    cronShare: fc.nat({ max: 2 }),
    withNodes: fc.option(nodes, { nil: undefined }),
    asList: fc.boolean(),
    checkDeterminism: fc.boolean(),
  })
  .chain(({ simulation, names, cronShare, withNodes, asList, checkDeterminism }) => {
    const declared = names.map((name, i) => ({ kind: i < cronShare ? "CronJob" : "Job", name }));
    const jobNames = declared.filter((d) => d.kind === "Job").map((d) => d.name);
    return fc
      .tuple(
        fc.tuple(
          ...declared.map(({ kind, name }) =>
            kind === "CronJob" ? cronJob(name) : job(name, jobNames.slice(0, jobNames.indexOf(name))),
          ),
        ),
        fc.array(action(declared), { maxLength: 3 }),
        jobNames.length === 0 ? fc.constant([]) : fc.array(arrival(jobNames[0]!), { maxLength: 1 }),
      )
      .map(([objects, actions, arrivals]) => {
        const spec: Record<string, unknown> = { ...simulation.spec };
        if (actions.length > 0) spec.actions = actions;
        if (arrivals.length > 0) spec.arrivals = arrivals;
        if (withNodes !== undefined) {
          const cluster: Record<string, unknown> = {
            ...(spec.cluster as object | undefined),
            nodes: withNodes,
          };
          delete cluster.capacity;
          spec.cluster = cluster;
        }
        const manifests = asList ? [{ apiVersion: "v1", kind: "List", items: objects }] : objects;
        return { docs: [{ ...simulation, spec }, ...manifests], checkDeterminism };
      });
  });

/** Grammar scenarios as files. */
export const grammarScenario: fc.Arbitrary<FuzzCase> = grammarDocuments.map(({ docs, checkDeterminism }) => ({
  text: docs.map((d) => stringify(d)).join("---\n"),
  checkDeterminism,
}));

/** Grammar scenarios with a few mutations and maybe damaged text: odd values among newer features. */
export const mutatedGrammarScenario: fc.Arbitrary<FuzzCase> = fc
  .tuple(grammarDocuments, mutations, textDamage)
  .map(([{ docs, checkDeterminism }, list, d]) => ({ text: mutatedText(docs, list, d), checkDeterminism }));
