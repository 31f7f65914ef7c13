/**
 * A loaded scenario: the Simulation document and the manifests, defaulted and validated.
 * Everything downstream trusts these values (validation happens once, at the edge).
 */
import type { Millis, SimTime } from "../engine/time.js";
import type { FeatureGates } from "../k8s/feature-gates.js";
import type { LeaderElectionTiming } from "../k8s/leader-election.js";
import type { CronJobManifest, JobManifest, Labels } from "../k8s/types.js";
import type { Distribution } from "../rand/distributions.js";

/** One scripted attempt outcome. */
export type ScriptEntry =
  | { kind: "exit"; exitCode: number; after: Millis; container: string | null }
  | { kind: "oomKilled"; after: Millis; container: string | null }
  | { kind: "disruption"; after: Millis; container: string | null }
  | { kind: "hang"; container: string | null };

export interface WorkloadMatch {
  job: string | null;
  cronJob: string | null;
  labels: Labels | null;
}

export interface FailureModel {
  probability: number;
  /** When a failing attempt fails; null: at a time drawn from the success duration. */
  after: Distribution | null;
  /** Weighted exit codes, in the order written; default {1: 1}. */
  exitCodes: { code: number; weight: number }[];
  /** Container whose exit code a failure sets (the others exit 0); null: the first. */
  container: string | null;
}

export interface Workload {
  match: WorkloadMatch;
  /** Run time of a succeeding attempt; null means the 1 minute default. */
  duration: Distribution | null;
  failure: FailureModel | null;
  disruption: { perHour: number } | null;
  script: ScriptEntry[] | null;
  scriptByIndex: Map<number, ScriptEntry[]>;
  /** Set: the pods drain a shared queue instead (cluster/work-items.ts); overrides duration and failure. */
  workQueue?: WorkQueueSpec;
}

/** `workQueue` of a workload: one queue per Job, its pods take items one at a time. */
export interface WorkQueueSpec {
  items: number;
  itemDuration: Distribution;
  /** A pod crashes while processing an item; the item goes back to the queue. */
  itemFailure: { probability: number; exitCode: number } | null;
}

/** One entry of `cluster.nodes`: `count` identical nodes named `<name>-<i>`. */
export interface NodePool {
  name: string;
  count: number;
  /** Allocatable millicores; null: not limited. */
  milliCpu: number | null;
  /** Allocatable bytes; null: not limited. */
  memory: number | null;
  pods: number;
}

/** One entry of `cluster.disruptions`: evict `fraction` of running pods at once. */
export type DisruptionBurst =
  | { kind: "at"; at: SimTime; fraction: number }
  | { kind: "rate"; meanInterval: Millis; fraction: number };

/** `spec.arrivals[i]`: a Job template submitted repeatedly (scenario/arrivals.ts). */
export interface Arrival {
  /** A Job declared in the scenario, used only as a template; or an inline manifest. */
  template: { kind: "ref"; namespace: string; name: string } | { kind: "inline"; manifest: JobManifest };
  /** Fixed gaps from `start`, or a Poisson process (exponential gaps, mean in ms). */
  process: { kind: "interval"; every: Millis } | { kind: "poisson"; meanGap: number };
  /** null: unlimited within the horizon. */
  count: number | null;
  start: SimTime;
}

export type ObjectKind = "Job" | "CronJob";

export interface ObjectTarget {
  kind: ObjectKind;
  namespace: string;
  name: string;
}

/** How a deleted Job's pods go (DeleteOptions.propagationPolicy, as the garbage collector runs it). */
export type PropagationPolicy = "Foreground" | "Background" | "Orphan";

/** Which pods a pod action acts on: pods have generated names, so they are chosen by their Job. */
export interface PodSelector {
  namespace: string;
  job: string;
  /** Indexed Jobs: only pods of this completion index; null: any. */
  index: number | null;
  /** How many pods, oldest first. */
  count: number;
}

export type Action =
  | { at: SimTime; kind: "create"; manifest: JobManifest | CronJobManifest }
  | { at: SimTime; kind: "patch"; target: ObjectTarget; patch: Record<string, unknown> }
  | { at: SimTime; kind: "delete"; target: ObjectTarget; propagationPolicy: PropagationPolicy }
  | {
      at: SimTime;
      /** `delete: {kind: Pod, ...}` or `evict:` (the Eviction API). */
      kind: "deletePods" | "evictPods";
      pods: PodSelector;
      /** null: each pod's own terminationGracePeriodSeconds. */
      gracePeriodSeconds: number | null;
    }
  | { at: SimTime; kind: "cordon" | "uncordon" | "drain"; node: string };

/** The actions that name a Job or CronJob (checked against the scenario's objects when loading). */
export type ObjectAction = Extract<Action, { target: ObjectTarget }>;

export interface Outage {
  start: SimTime;
  /** Until the controllers run again (for a restart: until the new leader holds the lease). */
  duration: Millis;
  /**
   * `kind: restart`: the leader died at `start`; a candidate began campaigning `candidateDelay`
   * later and acquired the lease `duration - candidateDelay` after that (k8s/leader-election.ts).
   */
  restart?: { candidateDelay: Millis };
}

/** `spec.controller`'s control-plane timing (scenario/control-plane-section.ts). */
export interface ControllerTiming {
  /** Watch event to handler, drawn per event; null: at the write's instant. */
  informerDelay: Distribution | null;
  /** How long one sync keeps a worker busy, per controller; null: no time. */
  syncDuration: { job: Distribution | null; cronJob: Distribution | null; ttl: Distribution | null };
  /** Workers per controller (`--concurrent-*-syncs`). */
  concurrentSyncs: { job: number; cronJob: number; ttl: number };
  leaderElection: LeaderElectionTiming;
}

export interface SimulationSpec {
  name: string;
  seed: number;
  start: SimTime;
  /** Exclusive: events at exactly `end` do not run. */
  end: SimTime;
  controller: {
    timeZone: string;
    outages: Outage[];
    featureGates: FeatureGates;
    /** Absent unless the scenario sets one of its fields: then everything runs as before. */
    timing?: ControllerTiming;
  };
  cluster: {
    /** null: unlimited. */
    capacityPods: number | null;
    podStartup: Distribution;
    podShutdown: Distribution;
    /** Nodes with allocatable resources, instead of capacityPods (cluster/scheduler.ts). */
    nodes?: NodePool[];
    /** priorityClassName → priority; unknown classes are 0. */
    priorityClasses?: Record<string, number>;
    disruptions?: DisruptionBurst[];
  };
  workloads: Workload[];
  actions: Action[];
  /** `spec.arrivals`; absent when the scenario has none. */
  arrivals?: Arrival[];
}

export interface Scenario {
  /** The path as the user gave it (reports never hold absolute paths). */
  file: string;
  /** sha256 of the scenario file's text, hex. */
  sha256: string;
  simulation: SimulationSpec;
  /** Manifests in document order (inline first, then `spec.manifests` in listed order). */
  jobs: JobManifest[];
  cronJobs: CronJobManifest[];
  warnings: string[];
  /**
   * Set when the Simulation has a `spec.sweep` section: `sim run` runs this base scenario only,
   * `sim sweep` its grid (src/sweep/grid.ts); `points` as written, before any `--set`.
   */
  sweep?: { points: number; seeds: number | null };
}
