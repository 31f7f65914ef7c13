/**
 * The Eviction API (`POST pods/<name>/eviction`, the pod registry's `EvictionREST.Create`) as
 * `kubectl drain`, the eviction action and the disruption bursts call it. There is no
 * PodDisruptionBudget in jobsim, so every eviction is allowed: the API server adds the
 * DisruptionTarget condition (reason EvictionByEvictionAPI) to a pod that has not finished, then
 * deletes it with its grace period. The kubelet then stops it gracefully, as any deletion.
 */
import type { SimTime } from "../engine/time.js";
import { StatusError } from "../k8s/api-errors.js";
import type { ApiStore } from "../k8s/store.js";
import { condition, setConditions } from "./pod-status.js";

/** The DisruptionTarget reason the Eviction API sets. */
export const EVICTION_BY_EVICTION_API = "EvictionByEvictionAPI";

/**
 * Evict one pod. `gracePeriodSeconds` null: the pod's `terminationGracePeriodSeconds`. A pod
 * already terminating is left as it is (the API server keeps the first, or shorter, grace).
 */
export function evictPod(
  store: ApiStore,
  namespace: string,
  name: string,
  gracePeriodSeconds: number | null,
  now: SimTime,
): StatusError | null {
  const pod = store.getPod(namespace, name);
  if (!pod) return new StatusError("NotFound", `pods "${name}" not found`);
  if (pod.metadata.deletionTimestamp !== null) return null;
  const finished = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
  if (!finished) {
    const marked = store.updatePod(namespace, name, (p) =>
      setConditions(p, condition("DisruptionTarget", "True", now, EVICTION_BY_EVICTION_API)),
    );
    if (marked instanceof StatusError) return marked;
  }
  return store.deletePod(namespace, name, gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds);
}
