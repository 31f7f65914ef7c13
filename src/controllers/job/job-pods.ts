/**
 * The pods syncJob is given. upstream's `getPodsForJob` lists every pod the Job controls; syncJob
 * then ignores the terminal pods whose tracking finalizer is already removed, since they are
 * counted in the Job status (`getNewFinishedPods` skips pods without the finalizer, and they are
 * neither active nor terminating). Those are exactly the store's settled pods (terminal, no
 * finalizers: no later write changes them), so the controller lists only the unsettled ones and
 * each sync stays proportional to the live pods, not to the Job's history.
 */
import type { ApiStore } from "../../k8s/store.js";
import type { Job, Pod } from "../../k8s/types.js";
import type { PodTally } from "./pod-tally.js";

export function podsForJob(store: ApiStore, job: Job): Pod[] {
  return store.unsettledPodsOwnedBy(job.metadata.uid);
}

/**
 * What syncJob is given for the Job's pods: the list (podsForJob, read when called), and the
 * Job's pod tally when the controller keeps one. A sync lists the pods only when counts do not
 * suffice, and always before its first write, so both describe the same instant.
 */
export interface JobPods {
  list(): readonly Pod[];
  /** The Job's counts (made from `list()` when none are kept yet), or null when none are kept. */
  tally(): PodTally | null;
}
