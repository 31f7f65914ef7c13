import { ChurnMap } from "../collections/churn-collections.js";
import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import { SECOND } from "../engine/time.js";
import type { ApiClient } from "../k8s/client/api-client.js";
import type { ApiStore, StoreListener, WatchType } from "../k8s/store.js";
import type { Pod } from "../k8s/types.js";
import { type GcEntry, TerminatedPodOrder } from "./pod-gc-order.js";

/** kube-controller-manager `--terminated-pod-gc-threshold` default. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
/** Dead order entries are pruned only above this many entries (and above half dead). */
const RETAIN_FLOOR = 64;
/** PodGC's `gcCheckPeriod`. */
export const POD_GC_CHECK_PERIOD: Millis = 20 * SECOND;

const isTerminal = (p: Pod) => p.status.phase === "Succeeded" || p.status.phase === "Failed";

/**
 * The pod garbage collector's terminated-pod sweep (`pkg/controller/podgc` `gcTerminated`):
 * every 20 s, when more than 12,500 terminated pods exist, the oldest (evicted ones first) are
 * deleted down to the threshold. Sweeps are only scheduled while over the threshold; a sweep
 * under it does nothing, so the results are those of the real 20 s ticker (aligned to the
 * controller manager's start). It also keeps the simulator's memory bounded, as it does a
 * cluster's etcd. Its deletions go through the pod-garbage-collector's API client (rate
 * limited like every kube-controller-manager client): sent together at the sweep, as upstream's
 * goroutines send them, each landing when its call returns.
 */
export class PodGC implements StoreListener {
  /** Terminated pods in deletion order; deleted ones stay until reached (lazy removal). */
  private readonly order = new TerminatedPodOrder();
  /**
   * The terminated pods that exist, by UID. An entry that leaves is marked `gone`, so the order
   * tells a deleted pod from a live one without a lookup.
   */
  private readonly terminated = new ChurnMap<string, GcEntry>();
  private tickScheduled = false;
  /** Off while the controller manager is down. */
  running = true;

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    private readonly origin: SimTime,
    private readonly threshold = TERMINATED_POD_GC_THRESHOLD,
    /** The pod-garbage-collector's client; absent: deletions land at once. */
    private readonly client: ApiClient | null = null,
  ) {}

  onPod(type: WatchType, old: Pod | null, pod: Pod): void {
    const key = pod.metadata.uid;
    if (type === "DELETED") {
      const e = this.terminated.get(key);
      if (e !== undefined) this.forget(e);
      // Deleted pods stay in the order until reached; drop them when they dominate. The floor is
      // low on purpose: entries kept for thousands of pods outlived young-generation collections
      // and were copied and promoted, which cost more than the (amortized) pruning.
      if (this.order.size > RETAIN_FLOOR && this.order.size > 2 * this.terminated.size) {
        this.order.retain((e) => !e.gone);
      }
      return;
    }
    if (!isTerminal(pod) || (old !== null && isTerminal(old))) return;
    const e: GcEntry = {
      evicted: pod.status.phase === "Failed" && pod.status.reason === "Evicted",
      created: pod.metadata.creationTimestamp,
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      key,
      gone: false,
    };
    this.terminated.set(key, e);
    this.order.push(e);
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
    while (excess > 0) {
      const e = this.order.pop();
      if (e === undefined) break;
      if (e.gone) continue;
      // Deleted with grace 0; a pod still holding the Job's finalizer stays until it is counted.
      this.forget(e);
      this.delete(e.namespace, e.name);
      excess--;
    }
  }

  private forget(e: GcEntry): void {
    e.gone = true;
    this.terminated.delete(e.key);
  }

  /** upstream `deletePod` with grace 0; a pod gone already is NotFound, which upstream logs. */
  private delete(namespace: string, name: string): void {
    const client = this.client;
    if (client === null) {
      this.store.deletePod(namespace, name, 0);
      return;
    }
    client.land(client.request(this.sim.now()), () => this.store.deletePod(namespace, name, 0));
  }
}
