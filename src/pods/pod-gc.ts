import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import { SECOND } from "../engine/time.js";
import type { ApiStore, StoreListener, WatchType } from "../k8s/store.js";
import type { Pod } from "../k8s/types.js";

/** kube-controller-manager `--terminated-pod-gc-threshold` default. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
/** PodGC's `gcCheckPeriod`. */
export const POD_GC_CHECK_PERIOD: Millis = 20 * SECOND;

interface Entry {
  evicted: boolean;
  created: SimTime;
  name: string;
  namespace: string;
  key: string;
}

/** upstream `byEvictionAndCreationTimestamp`: evicted first, then oldest, then by name. */
function before(a: Entry, b: Entry): boolean {
  if (a.evicted !== b.evicted) return a.evicted;
  if (a.created !== b.created) return a.created < b.created;
  return a.name < b.name;
}

const isTerminal = (p: Pod) => p.status.phase === "Succeeded" || p.status.phase === "Failed";

/**
 * The pod garbage collector's terminated-pod sweep (`pkg/controller/podgc` `gcTerminated`):
 * every 20 s, when more than 12,500 terminated pods exist, the oldest (evicted ones first) are
 * deleted down to the threshold. Sweeps are only scheduled while over the threshold; a sweep
 * under it does nothing, so the results are those of the real 20 s ticker (aligned to the
 * controller manager's start). It also keeps the simulator's memory bounded, as it does a
 * cluster's etcd.
 */
export class PodGC implements StoreListener {
  private readonly heap: Entry[] = [];
  private readonly terminated = new Set<string>();
  private tickScheduled = false;
  /** Off while the controller manager is down. */
  running = true;

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    private readonly origin: SimTime,
    private readonly threshold = TERMINATED_POD_GC_THRESHOLD,
  ) {}

  onPod(type: WatchType, old: Pod | null, pod: Pod): void {
    const key = pod.metadata.uid;
    if (type === "DELETED") {
      this.terminated.delete(key);
      // Deleted pods stay in the heap until popped; rebuild it when they dominate.
      if (this.heap.length > 1024 && this.heap.length > 2 * this.terminated.size) this.compact();
      return;
    }
    if (!isTerminal(pod) || (old !== null && isTerminal(old))) return;
    this.terminated.add(key);
    this.push({
      evicted: pod.status.phase === "Failed" && pod.status.reason === "Evicted",
      created: pod.metadata.creationTimestamp,
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      key,
    });
    if (this.terminated.size > this.threshold) this.scheduleTick();
  }

  /** After an outage the ticker starts again. */
  resume(): void {
    this.running = true;
    if (this.terminated.size > this.threshold) this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.tickScheduled || !this.running) return;
    this.tickScheduled = true;
    const since = this.sim.now() - this.origin;
    const nextTick = this.origin + (Math.floor(since / POD_GC_CHECK_PERIOD) + 1) * POD_GC_CHECK_PERIOD;
    this.sim.at(nextTick, Priority.controllerSync, () => this.sweep());
  }

  private sweep(): void {
    this.tickScheduled = false;
    if (!this.running) return;
    let excess = this.terminated.size - this.threshold;
    while (excess > 0 && this.heap.length > 0) {
      const e = this.pop();
      if (!this.terminated.has(e.key)) continue;
      // Deleted with grace 0; a pod still holding the Job's finalizer stays until it is counted.
      this.terminated.delete(e.key);
      this.store.deletePod(e.namespace, e.name, 0);
      excess--;
    }
  }

  private compact(): void {
    const live = this.heap.filter((e) => this.terminated.has(e.key));
    this.heap.length = 0;
    for (const e of live) this.push(e);
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = e;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
