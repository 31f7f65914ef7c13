/**
 * The pod status writes the kubelet makes: conditions and container statuses as a pod is bound,
 * runs and stops (kubelet's status manager, reduced to what the Job controller reads).
 */
import type { SimTime } from "../engine/time.js";
import type { ContainerStateTerminated, ContainerStatus, Pod, PodCondition, PodSpec } from "../k8s/types.js";

export function condition(
  type: string,
  status: "True" | "False",
  at: SimTime,
  reason: string | null = null,
): PodCondition {
  return { type, status, reason, lastTransitionTime: at };
}

/**
 * Set conditions (by type; unchanged statuses keep their transition time) in a new array: pod
 * versions share their arrays (see clonePod). The array is made at its exact length, by `concat`
 * or `slice` (a `push` reserves room for 16 more, which every stored pod kept), and once when the
 * updates are all new types, as when the kubelet starts a pod.
 */
export function setConditions(pod: Pod, ...updates: PodCondition[]): void {
  const conditions = pod.status.conditions;
  if (allNewTypes(conditions, updates)) {
    pod.status.conditions = conditions.concat(updates);
    return;
  }
  let list: PodCondition[] | null = null;
  for (const c of updates) {
    const current: PodCondition[] = list ?? conditions;
    const i = indexOfType(current, c.type);
    if (i < 0) list = current.concat(c);
    else if (current[i]!.status === c.status) continue;
    else {
      // Our own copy already, or the pod's (shared) one to copy first.
      const own: PodCondition[] = list ?? current.slice();
      own[i] = c;
      list = own;
    }
  }
  if (list !== null) pod.status.conditions = list;
}

function indexOfType(list: readonly PodCondition[], type: string): number {
  for (let k = 0; k < list.length; k++) if (list[k]!.type === type) return k;
  return -1;
}

/** No update's type is in `list` or in an earlier update. */
function allNewTypes(list: readonly PodCondition[], updates: readonly PodCondition[]): boolean {
  for (let u = 0; u < updates.length; u++) {
    const type = updates[u]!.type;
    if (indexOfType(list, type) >= 0) return false;
    for (let k = 0; k < u; k++) if (updates[k]!.type === type) return false;
  }
  return true;
}

/** A container the kubelet is creating: one frozen value every such status shares. */
const CONTAINER_CREATING: ContainerStatus["state"] = Object.freeze({
  waiting: Object.freeze({ reason: "ContainerCreating" }),
  running: null,
  terminated: null,
});

/** The pod as the kubelet has it once bound to a node: scheduled, containers being created. */
export function markBound(p: Pod, now: SimTime, boundSpec: PodSpec): void {
  p.spec = boundSpec;
  p.status.startTime = now;
  setConditions(p, condition("PodScheduled", "True", now));
  // The kubelet reports container statuses once it has the pod.
  p.status.containerStatuses = p.spec.containers.map((c) => ({
    name: c.name,
    restartCount: 0,
    ready: false,
    state: CONTAINER_CREATING,
    lastTerminated: null,
  }));
}

/** The pod running: every container started and ready. */
export function markRunning(p: Pod, now: SimTime): void {
  p.status.phase = "Running";
  setConditions(
    p,
    condition("Initialized", "True", now),
    condition("ContainersReady", "True", now),
    condition("Ready", "True", now),
  );
  p.status.containerStatuses = p.status.containerStatuses.map((cs) => ({
    ...cs,
    ready: true,
    state: { waiting: null, running: { startedAt: now }, terminated: null },
  }));
}

/** The pod stopped: not ready; each container terminated as `terminated` says (null: state kept). */
export function markStopped(
  p: Pod,
  now: SimTime,
  terminated: ((name: string) => ContainerStateTerminated) | null,
): void {
  setConditions(p, condition("ContainersReady", "False", now), condition("Ready", "False", now));
  p.status.containerStatuses = p.status.containerStatuses.map((cs) => ({
    ...cs,
    ready: false,
    state: terminated ? { waiting: null, running: null, terminated: terminated(cs.name) } : cs.state,
  }));
}
