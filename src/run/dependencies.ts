/**
 * The dependency gate: jobsim's own orchestration layer over dependent Jobs (scenario
 * dependencies.ts), as Argo or Airflow would run it outside the cluster. The Job controller's
 * semantics are untouched: a dependent Job is simply created later, or never.
 *
 * A dependent Job is created at the instant its last dependency finishes (Complete or Failed)
 * when its trigger rule holds, and skipped (never created) at the instant the rule can no
 * longer hold; a skip counts as that Job's outcome for its own dependents, so skips cascade.
 */

import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { SimTime } from "../engine/time.js";
import type { StoreListener, WatchType } from "../k8s/store.js";
import type { Job, JobManifest } from "../k8s/types.js";
import { type JobDependencies, jobDependencies } from "../scenario/dependencies.js";

/** What became of a dependency: "deleted" when it was deleted before it finished. */
export type DependencyOutcome = "succeeded" | "failed" | "skipped" | "deleted";

/** A dependent Job that was never created, and why. */
export interface SkippedJob {
  namespace: string;
  name: string;
  cause: string;
  at: SimTime;
}

interface Pending {
  manifest: JobManifest;
  deps: JobDependencies;
  /** Created or skipped. */
  decided: boolean;
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

function terminalOutcome(job: Job): "succeeded" | "failed" | null {
  for (const c of job.status.conditions) {
    if (c.status !== "True") continue;
    if (c.type === "Complete") return "succeeded";
    if (c.type === "Failed") return "failed";
  }
  return null;
}

/** Decide a pending Job from its dependencies' outcomes: run, skip (with the cause) or wait. */
export function decide(
  deps: JobDependencies,
  outcomeOf: (name: string) => DependencyOutcome | undefined,
): { run: true } | { run: false; cause: string } | null {
  const outcomes = deps.dependsOn.map((d) => [d, outcomeOf(d)] as const);
  const allDone = outcomes.every(([, o]) => o !== undefined);
  switch (deps.rule) {
    case "all-succeeded": {
      // Decided as soon as one dependency cannot succeed any more (Airflow's upstream_failed).
      const bad = outcomes.find(([, o]) => o !== undefined && o !== "succeeded");
      if (bad !== undefined) return { run: false, cause: causeOf(bad[0], bad[1]!) };
      return allDone ? { run: true } : null;
    }
    case "all-done":
      return allDone ? { run: true } : null;
    case "any-failed":
      if (!allDone) return null;
      return outcomes.some(([, o]) => o === "failed")
        ? { run: true }
        : { run: false, cause: "no dependency failed (trigger rule any-failed)" };
  }
}

function causeOf(name: string, outcome: DependencyOutcome): string {
  if (outcome === "failed") return `dependency ${name} failed`;
  if (outcome === "skipped") return `dependency ${name} was skipped`;
  return `dependency ${name} was deleted before it finished`;
}

/**
 * Watches Job writes (directly on the store) for the outcomes of dependencies, and at the same
 * instant, after the write's own event (Priority.action), creates or skips the Jobs waiting on
 * them. Only Jobs declared in the scenario's manifests take part (load checks the annotations).
 */
export class DependencyGate implements StoreListener {
  /** Skipped Jobs in the order they were skipped (time, then declaration order). */
  readonly skipped: SkippedJob[] = [];
  /** Dependent Jobs created so far. */
  released = 0;
  /** Outcomes of watched Jobs, by namespace/name; set once. */
  private readonly outcomes = new Map<string, DependencyOutcome>();
  /** For each watched namespace/name, the Jobs waiting on it (indices into `pending`, ascending). */
  private readonly dependents = new Map<string, number[]>();
  /** Dependent Jobs in declaration order (an array: evaluation order must be fixed). */
  private readonly pending: Pending[] = [];
  private undecided = 0;
  /** Jobs one of whose dependencies finished since the last evaluation (indices into `pending`). */
  private touched = new IndexHeap();
  private evaluationScheduled = false;

  constructor(
    private readonly sim: Simulator,
    jobs: readonly JobManifest[],
    private readonly create: (manifest: JobManifest) => void,
  ) {
    for (const manifest of jobs) {
      const deps = jobDependencies(manifest);
      if (deps === null) continue;
      const index = this.pending.length;
      this.pending.push({ manifest, deps, decided: false });
      for (const d of deps.dependsOn) {
        const key = keyOf(manifest.metadata.namespace, d);
        const list = this.dependents.get(key);
        if (list === undefined) this.dependents.set(key, [index]);
        else list.push(index);
      }
    }
    this.undecided = this.pending.length;
  }

  /** False for Jobs that wait on dependencies instead of being created at the start. */
  createdAtStart(manifest: JobManifest): boolean {
    return jobDependencies(manifest) === null;
  }

  /** Dependent Jobs neither created nor skipped (their dependencies had not all finished). */
  get waiting(): number {
    return this.undecided;
  }

  onJob(type: WatchType, _old: Job | null, job: Job): void {
    // Most scenarios have no dependencies: skip building a key on every Job write.
    if (this.dependents.size === 0) return;
    const key = keyOf(job.metadata.namespace, job.metadata.name);
    const waiting = this.dependents.get(key);
    if (waiting === undefined || this.outcomes.has(key)) return;
    const outcome = terminalOutcome(job) ?? (type === "DELETED" ? "deleted" : null);
    if (outcome === null) return;
    this.outcomes.set(key, outcome);
    for (const i of waiting) this.touched.push(i);
    this.scheduleEvaluation();
  }

  private scheduleEvaluation(): void {
    if (this.evaluationScheduled) return;
    this.evaluationScheduled = true;
    // Listeners must not write to the store mid-write: create at the same instant, just after.
    this.sim.at(this.sim.now(), Priority.action, () => {
      this.evaluationScheduled = false;
      this.evaluate();
    });
  }

  /**
   * Decide every waiting Job whose dependencies allow it, in passes over declaration order,
   * repeated while skips cascade: a skip decides the Jobs waiting on the skipped one later in the
   * same pass when declared after it, else in the next pass. Only Jobs one of whose dependencies
   * finished are looked at (the others' verdicts cannot have changed), so a long chain costs
   * time in proportion to its length, not its square.
   */
  private evaluate(): void {
    let current = this.touched;
    this.touched = new IndexHeap();
    let next = new IndexHeap();
    while (current.size > 0) {
      let last = -1;
      while (current.size > 0) {
        const i = current.pop();
        if (i === last) continue; // queued twice (two dependencies finished)
        last = i;
        const p = this.pending[i]!;
        if (p.decided) continue;
        const ns = p.manifest.metadata.namespace;
        const verdict = decide(p.deps, (d) => this.outcomes.get(keyOf(ns, d)));
        if (verdict === null) continue;
        p.decided = true;
        this.undecided--;
        if (verdict.run) {
          this.released++;
          this.create(p.manifest);
          continue;
        }
        const name = p.manifest.metadata.name;
        const key = keyOf(ns, name);
        this.skipped.push({ namespace: ns, name, cause: verdict.cause, at: this.sim.now() });
        this.outcomes.set(key, "skipped");
        for (const j of this.dependents.get(key) ?? []) (j > i ? current : next).push(j);
      }
      [current, next] = [next, current];
    }
  }
}

/** A binary min-heap of indices: the Jobs of one evaluation pass, in declaration order. */
class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(x: number): void {
    const a = this.items;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= x) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = x;
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const x = a.pop()!;
    const n = a.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && a[child + 1]! < a[child]!) child++;
      if (a[child]! >= x) break;
      a[i] = a[child]!;
      i = child;
    }
    a[i] = x;
    return top;
  }
}
