/**
 * CrashLoopBackOff: how long the kubelet waits before restarting a container in place
 * (restartPolicy OnFailure), after kubelet's container backoff (pkg/kubelet/kuberuntime).
 */
import { type Millis, SECOND } from "../engine/time.js";

/** CrashLoopBackOff after the first restart: 10 s doubling (kubelet's backOffPeriod). */
export const KUBELET_RESTART_BACKOFF_BASE: Millis = 10 * SECOND;
/** Cap of the restart backoff (kubelet's MaxContainerBackOff). */
export const KUBELET_RESTART_BACKOFF_MAX: Millis = 300 * SECOND;
/** A container that ran this long resets its restart backoff (kubelet's backoff reset window). */
export const KUBELET_RESTART_BACKOFF_RESET: Millis = 600 * SECOND;

/** The delay before the restart after `crashes` earlier crashes: none first, then 10 s doubling to 5 min. */
export function crashLoopBackOff(crashes: number): Millis {
  return crashes === 0
    ? 0
    : Math.min(KUBELET_RESTART_BACKOFF_BASE * 2 ** (crashes - 1), KUBELET_RESTART_BACKOFF_MAX);
}
