/**
 * Cluster capacity: either a number of pod slots (`capacity.pods`) or nodes with allocatable
 * cpu, memory and pods (`nodes`) against the pods' resource requests, placed first-fit over
 * the nodes in declared order. A pod holds its share from binding until it stops. Pods that
 * do not fit wait Pending: highest priority first, FIFO (by arrival) within a priority; when
 * capacity frees, every waiting pod that now fits is bound, in that order (a small pod may
 * pass a big one that still does not fit, as the scheduler's queue lets it).
 */

import { ChurnMap } from "../collections/churn-collections.js";
import type { Clock } from "../engine/clock.js";
import type { SimTime } from "../engine/time.js";
import type { Container, PodSpec } from "../k8s/types.js";
import type { NodePool } from "../scenario/types.js";

/** What a pod asks of the cluster. */
export interface PodDemand {
  milliCpu: number;
  memory: number;
  priority: number;
}

/** Name of the single node of a cluster without `nodes`. */
export const DEFAULT_NODE_NAME = "jobsim-node";

interface Node {
  name: string;
  milliCpu: number;
  memory: number;
  pods: number;
  usedCpu: number;
  usedMemory: number;
  usedPods: number;
  /** Cordoned (`spec.unschedulable`): no new pod is bound to it. */
  unschedulable: boolean;
}

/** One priority's FIFO; entries no longer waiting are skipped lazily. */
interface Level {
  priority: number;
  keys: string[];
  head: number;
}

const NO_BINDS: readonly string[] = [];

function addRequests(sum: PodDemand, c: Container): void {
  sum.milliCpu += Math.round((c.resources.requests.cpu ?? 0) * 1000);
  sum.memory += Math.round(c.resources.requests.memory ?? 0);
}

/**
 * A pod's effective requests as the scheduler counts them: the containers plus sidecars
 * (init containers with restartPolicy Always), or the largest plain init container if larger.
 */
export function podDemand(spec: PodSpec, priorityClasses: Readonly<Record<string, number>>): PodDemand {
  const sum: PodDemand = { milliCpu: 0, memory: 0, priority: 0 };
  for (const c of spec.containers) addRequests(sum, c);
  const init: PodDemand = { milliCpu: 0, memory: 0, priority: 0 };
  for (const c of spec.initContainers) {
    if (c.restartPolicy === "Always") addRequests(sum, c);
    else {
      init.milliCpu = Math.max(init.milliCpu, Math.round((c.resources.requests.cpu ?? 0) * 1000));
      init.memory = Math.max(init.memory, Math.round(c.resources.requests.memory ?? 0));
    }
  }
  sum.milliCpu = Math.max(sum.milliCpu, init.milliCpu);
  sum.memory = Math.max(sum.memory, init.memory);
  const name = spec.priorityClassName;
  sum.priority = name !== null && Object.hasOwn(priorityClasses, name) ? priorityClasses[name]! : 0;
  return sum;
}

/** Capacity, its Pending queue, and time-weighted usage for the report. */
export class Cluster {
  private used = 0;
  private peak = 0;
  private peakWaiting = 0;
  private usedCpu = 0;
  private readonly nodes: Node[] = [];
  private readonly totalPods: number | null;
  private readonly totalCpu: number | null;
  /** Waiting pods and their demand. */
  private readonly waiting = new ChurnMap<string, PodDemand>();
  /** Levels by descending priority. */
  private readonly levels: Level[] = [];
  /** Where each bound pod sits, in node mode. */
  private readonly placed = new ChurnMap<string, { node: Node; demand: PodDemand }>();
  private lastChange: SimTime;
  private podArea = 0;
  private cpuArea = 0;
  /** When the first pod was bound, and the last one let go of its share (null: never). */
  private firstBoundAt: SimTime | null = null;
  private lastReleasedAt: SimTime | null = null;
  /** The pod-count cluster's one node ({@link DEFAULT_NODE_NAME}) is cordoned. */
  private defaultNodeCordoned = false;

  /**
   * `capacity` null and no `nodes`: unlimited. `clock` and `start` time-weight the usage.
   */
  constructor(
    readonly capacity: number | null,
    nodes: readonly NodePool[] | undefined,
    private readonly clock: Clock | null = null,
    private readonly start: SimTime = 0,
  ) {
    this.lastChange = start;
    for (const pool of nodes ?? []) {
      for (let i = 0; i < pool.count; i++) {
        this.nodes.push({
          name: `${pool.name}-${i}`,
          milliCpu: pool.milliCpu ?? Number.POSITIVE_INFINITY,
          memory: pool.memory ?? Number.POSITIVE_INFINITY,
          pods: pool.pods,
          usedCpu: 0,
          usedMemory: 0,
          usedPods: 0,
          unschedulable: false,
        });
      }
    }
    if (this.nodes.length > 0) {
      this.totalPods = this.nodes.reduce((a, n) => a + n.pods, 0);
      const cpu = this.nodes.reduce((a, n) => a + n.milliCpu, 0);
      this.totalCpu = Number.isFinite(cpu) ? cpu : null;
    } else {
      this.totalPods = capacity;
      this.totalCpu = null;
    }
  }

  /** Pods bound now. */
  get inUse(): number {
    return this.used;
  }

  /** Highest number of pods ever bound at once. */
  get peakInUse(): number {
    return this.peak;
  }

  /** Pods waiting for capacity. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Highest number of pods ever waiting at once. */
  get peakQueued(): number {
    return this.peakWaiting;
  }

  /** Bind `key` now if it fits (returns its node's name); otherwise queue it and return null. */
  request(key: string, demand: PodDemand): string | null {
    const node = this.fit(demand);
    if (node !== undefined) return this.take(key, node, demand);
    this.enqueue(key, demand);
    return null;
  }

  /**
   * Whether `demand` fits some node when that node is empty: false means a pod with it waits
   * Pending forever (the pod-count cluster fits every pod).
   */
  canEverFit(demand: PodDemand): boolean {
    if (this.nodes.length === 0) return true;
    return this.nodes.some((n) => n.pods >= 1 && demand.milliCpu <= n.milliCpu && demand.memory <= n.memory);
  }

  /** Forget a queued pod (deleted before it got capacity). */
  withdraw(key: string): void {
    this.waiting.delete(key);
  }

  /** Free what `key` holds; returns the waiting pods bound in its place, in binding order. */
  release(key: string): readonly string[] {
    this.advance();
    this.used--;
    if (this.clock !== null) this.lastReleasedAt = this.clock.now();
    const p = this.placed.get(key);
    if (p !== undefined) {
      this.placed.delete(key);
      p.node.usedPods--;
      p.node.usedCpu -= p.demand.milliCpu;
      p.node.usedMemory -= p.demand.memory;
      this.usedCpu -= p.demand.milliCpu;
    }
    return this.waiting.size === 0 ? NO_BINDS : this.bindWaiting();
  }

  /**
   * Cordon or uncordon a node (`kubectl cordon` sets `spec.unschedulable`): a cordoned node keeps
   * its pods and takes no new ones. Returns false when no node has that name. Uncordoning
   * binds the waiting pods that now fit: see {@link bindAfterUncordon}.
   */
  setUnschedulable(name: string, unschedulable: boolean): boolean {
    if (this.nodes.length === 0) {
      if (name !== DEFAULT_NODE_NAME) return false;
      this.defaultNodeCordoned = unschedulable;
      return true;
    }
    const node = this.nodes.find((n) => n.name === name);
    if (node === undefined) return false;
    node.unschedulable = unschedulable;
    return true;
  }

  /** After an uncordon: the waiting pods bound now, in binding order. */
  bindAfterUncordon(): readonly string[] {
    return this.waiting.size === 0 ? NO_BINDS : this.bindWaiting();
  }

  /** The node `key` is bound to. */
  nodeOf(key: string): string {
    return this.placed.get(key)?.node.name ?? DEFAULT_NODE_NAME;
  }

  /**
   * Time-weighted mean use over [start, end]: of pod slots (null when unlimited) and of
   * allocatable cpu (null unless every node states its cpu).
   */
  utilization(end: SimTime): { pods: number | null; cpu: number | null } {
    return this.meanUse(end, end - this.start);
  }

  /**
   * The busy period: from the first pod bound to the last pod's share freed, or to `end` while
   * pods are still bound; null when no pod was ever bound.
   */
  busyPeriod(end: SimTime): { start: SimTime; end: SimTime } | null {
    if (this.firstBoundAt === null) return null;
    return { start: this.firstBoundAt, end: this.used > 0 ? end : (this.lastReleasedAt ?? end) };
  }

  /** {@link utilization} over the busy period only (nothing is used outside it); null when there is none. */
  busyUtilization(end: SimTime): { pods: number | null; cpu: number | null } {
    const busy = this.busyPeriod(end);
    return busy === null ? { pods: null, cpu: null } : this.meanUse(end, busy.end - busy.start);
  }

  /** Usage accumulated up to `end`, divided by the capacity over `span` milliseconds. */
  private meanUse(end: SimTime, span: number): { pods: number | null; cpu: number | null } {
    const podArea = this.podArea + this.used * (end - this.lastChange);
    const cpuArea = this.cpuArea + this.usedCpu * (end - this.lastChange);
    return {
      pods: this.totalPods === null || span <= 0 ? null : podArea / (this.totalPods * span),
      cpu: this.totalCpu === null || span <= 0 ? null : cpuArea / (this.totalCpu * span),
    };
  }

  /** The first node `demand` fits on; null for the pod-count cluster; undefined when none. */
  private fit(demand: PodDemand): Node | null | undefined {
    if (this.nodes.length === 0) {
      if (this.defaultNodeCordoned) return undefined;
      return this.capacity === null || this.used < this.capacity ? null : undefined;
    }
    for (const n of this.nodes) {
      if (
        !n.unschedulable &&
        n.usedPods < n.pods &&
        n.usedCpu + demand.milliCpu <= n.milliCpu &&
        n.usedMemory + demand.memory <= n.memory
      )
        return n;
    }
    return undefined;
  }

  private take(key: string, node: Node | null, demand: PodDemand): string {
    this.advance();
    this.used++;
    if (this.firstBoundAt === null && this.clock !== null) this.firstBoundAt = this.clock.now();
    if (this.used > this.peak) this.peak = this.used;
    if (node === null) return DEFAULT_NODE_NAME;
    node.usedPods++;
    node.usedCpu += demand.milliCpu;
    node.usedMemory += demand.memory;
    this.usedCpu += demand.milliCpu;
    this.placed.set(key, { node, demand });
    return node.name;
  }

  private enqueue(key: string, demand: PodDemand): void {
    let i = 0;
    while (i < this.levels.length && this.levels[i]!.priority > demand.priority) i++;
    let level = this.levels[i];
    if (level === undefined || level.priority !== demand.priority) {
      level = { priority: demand.priority, keys: [], head: 0 };
      this.levels.splice(i, 0, level);
    }
    level.keys.push(key);
    this.waiting.set(key, demand);
    if (this.waiting.size > this.peakWaiting) this.peakWaiting = this.waiting.size;
  }

  /** Bind every waiting pod that fits now, by priority then arrival. */
  private bindWaiting(): string[] {
    let bound: string[] | null = null;
    // A shape that did not fit in this pass: capacity only shrinks during it, so skip bigger ones.
    let failedCpu = -1;
    let failedMemory = -1;
    for (const level of this.levels) {
      let live = 0;
      for (let i = level.head; i < level.keys.length; i++) {
        const key = level.keys[i]!;
        const demand = this.waiting.get(key);
        if (demand === undefined) {
          if (i === level.head) level.head++;
          continue;
        }
        if (failedCpu >= 0 && demand.milliCpu >= failedCpu && demand.memory >= failedMemory) {
          live++;
          continue;
        }
        const node = this.fit(demand);
        if (node === undefined) {
          // Keep one failing shape, the smaller when comparable: anything at least as big fails too.
          if (failedCpu < 0 || (demand.milliCpu <= failedCpu && demand.memory <= failedMemory)) {
            failedCpu = demand.milliCpu;
            failedMemory = demand.memory;
          }
          live++;
          if (this.nodes.length === 0) return bound ?? [];
          continue;
        }
        this.waiting.delete(key);
        if (i === level.head) level.head++;
        this.take(key, node, demand);
        if (bound === null) bound = [];
        bound.push(key);
      }
      this.compact(level, live);
    }
    return bound ?? [];
  }

  /** Drop consumed and withdrawn entries now and then, keeping passes short. */
  private compact(level: Level, live: number): void {
    const span = level.keys.length - level.head;
    if (level.head > 1024 || (span > 64 && live * 2 < span)) {
      level.keys = level.keys.slice(level.head).filter((k) => this.waiting.has(k));
      level.head = 0;
    }
  }

  /** Accumulate usage up to now (call before every change). */
  private advance(): void {
    if (this.clock === null) return;
    const now = this.clock.now();
    this.podArea += this.used * (now - this.lastChange);
    this.cpuArea += this.usedCpu * (now - this.lastChange);
    this.lastChange = now;
  }
}
