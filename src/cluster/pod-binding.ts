/**
 * kube-scheduler's bind step: once the scheduler has chosen a node and assumed the pod on it
 * (the capacity is held from then, see scheduler.ts `Cluster.request`), it POSTs the pod's
 * Binding subresource; the API server sets `spec.nodeName` and the PodScheduled condition. The
 * kubelet (kubelet.ts) takes the pod from there. The call goes through kube-scheduler's own
 * client, rate limited like any client-go client (its component config `clientConnection`:
 * qps 50, burst 100 by default), so a burst of pods that fit is bound at the limit's pace.
 */
import type { SimTime } from "../engine/time.js";
import type { ApiClient } from "../k8s/client/api-client.js";
import type { ApiStore, PodRef } from "../k8s/store.js";
import type { Pod, PodSpec } from "../k8s/types.js";
import { markBound } from "./pod-status.js";

export class PodBinding {
  /** Bound specs by unbound spec and node: pods of one template on one node share one. */
  private readonly boundSpecs = new WeakMap<PodSpec, Map<string, PodSpec>>();

  constructor(
    private readonly store: ApiStore,
    /** kube-scheduler's client; absent: a binding returns at once. */
    private readonly client: ApiClient | null = null,
  ) {}

  /** When a Binding POSTed at `now` returns (token wait and latency included). */
  bindReturns(now: SimTime): SimTime {
    return this.client === null ? now : this.client.request(now);
  }

  /**
   * The Binding lands at `at`: the pod gets its node and PodScheduled; `also` (the kubelet's
   * first status, when it starts the pod at once) is applied in the same write.
   */
  writeBound(ref: PodRef, node: string, at: SimTime, also?: (p: Pod) => void): void {
    this.store.updatePodAt(ref, (p) => {
      markBound(p, at, this.boundSpec(p.spec, node));
      also?.(p);
    });
  }

  private boundSpec(spec: PodSpec, node: string): PodSpec {
    let byNode = this.boundSpecs.get(spec);
    if (byNode === undefined) {
      byNode = new Map();
      this.boundSpecs.set(spec, byNode);
    }
    let bound = byNode.get(node);
    if (bound === undefined) {
      bound = { ...spec, nodeName: node };
      byNode.set(node, bound);
    }
    return bound;
  }
}
