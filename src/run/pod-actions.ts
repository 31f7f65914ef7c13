/**
 * The pod and node actions of `spec.actions`, as `kubectl delete pod`, `kubectl evict` (the
 * Eviction API), `kubectl cordon` / `uncordon` and `kubectl drain` would make them. A selector
 * or node that matches nothing at that instant gives the warning a failing `kubectl` call would
 * print; it is not an error.
 */
import { evictPod } from "../cluster/eviction-api.js";
import type { SimTime } from "../engine/time.js";
import { StatusError } from "../k8s/api-errors.js";
import type { ApiStore } from "../k8s/store.js";
import { JOB_COMPLETION_INDEX_ANNOTATION, type Pod } from "../k8s/types.js";
import type { Action, PodSelector } from "../scenario/types.js";

/** What the node actions need of the cluster (the kubelet's side: cluster/kubelet.ts). */
export interface NodeOperations {
  /** Cordon (true) or uncordon (false); false when there is no such node. */
  setUnschedulable(node: string, unschedulable: boolean): boolean;
  /** The pods bound to the node now. */
  podsOnNode(node: string): { namespace: string; name: string }[];
}

type PodAction = Extract<Action, { kind: "deletePods" | "evictPods" }>;
type NodeAction = Extract<Action, { kind: "cordon" | "uncordon" | "drain" }>;

/**
 * The pods a selector picks: the Job's pods that have not finished and are not already being
 * deleted (of `index` when given), oldest first (creation time, then name), at most `count`.
 */
export function selectPods(store: ApiStore, selector: PodSelector): Pod[] | StatusError {
  const job = store.getJob(selector.namespace, selector.job);
  if (!job) return new StatusError("NotFound", `jobs.batch "${selector.job}" not found`);
  const index = selector.index === null ? null : String(selector.index);
  const candidates = store
    .unsettledPodsOwnedBy(job.metadata.uid)
    .filter(
      (p) =>
        p.metadata.deletionTimestamp === null &&
        p.status.phase !== "Succeeded" &&
        p.status.phase !== "Failed" &&
        (index === null || p.metadata.annotations[JOB_COMPLETION_INDEX_ANNOTATION] === index),
    )
    .sort(
      (a, b) =>
        a.metadata.creationTimestamp - b.metadata.creationTimestamp ||
        (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0),
    );
  if (candidates.length === 0) {
    const of = index === null ? "" : ` with completion index ${index}`;
    return new StatusError("NotFound", `no running pods${of} of job "${selector.job}" found`);
  }
  return candidates.slice(0, selector.count);
}

/** Delete or evict the selected pods; the messages of what did not happen. */
export function applyPodAction(action: PodAction, store: ApiStore, now: SimTime): string[] {
  const pods = selectPods(store, action.pods);
  if (pods instanceof StatusError) return [pods.message];
  const warnings: string[] = [];
  if (pods.length < action.pods.count) {
    warnings.push(
      `only ${pods.length} of ${action.pods.count} pods of job "${action.pods.job}" found: ${pods.length === 1 ? "it" : "those"} only`,
    );
  }
  for (const pod of pods) {
    const { namespace, name } = pod.metadata;
    const grace = action.gracePeriodSeconds;
    const err =
      action.kind === "evictPods"
        ? evictPod(store, namespace, name, grace, now)
        : store.deletePod(namespace, name, grace ?? pod.spec.terminationGracePeriodSeconds);
    if (err) warnings.push(err.message);
  }
  return warnings;
}

/** Cordon, uncordon or drain (cordon, then evict every pod bound to the node). */
export function applyNodeAction(
  action: NodeAction,
  store: ApiStore,
  nodes: NodeOperations,
  now: SimTime,
): string[] {
  if (!nodes.setUnschedulable(action.node, action.kind !== "uncordon")) {
    return [`nodes "${action.node}" not found`];
  }
  if (action.kind !== "drain") return [];
  const warnings: string[] = [];
  for (const { namespace, name } of nodes.podsOnNode(action.node)) {
    const err = evictPod(store, namespace, name, null, now);
    if (err) warnings.push(err.message);
  }
  return warnings;
}
