/** The kubelet's per-pod state, shared by the kubelet and the work-item attempts it runs. */
import type { EventHandle } from "../engine/simulator.js";
import type { SimTime } from "../engine/time.js";
import type { PodRef } from "../k8s/store.js";
import type { Workload } from "../scenario/types.js";
import type { Worker } from "./work-items.js";
import type { AttemptOutcome } from "./workload-model.js";

/** What the kubelet keeps of each pod it admitted. */
export interface PodRuntime {
  /** The kubelet's key for it: the UID of the pod it admitted. */
  key: string;
  /** The stored pod, read and written without a lookup by name. */
  ref: PodRef;
  namespace: string;
  name: string;
  /** Stream-name stem: `<ns>/<job>/<index or ->`. */
  attemptKey: string;
  /** `<ns>/<job>`. */
  jobKey: string;
  /** The owning Job's name and UID (null for a pod no Job controls). */
  jobName: string;
  jobUid: string | null;
  workload: Workload | null;
  index: number | null;
  bound: boolean;
  running: boolean;
  attemptStartedAt: SimTime;
  timer: EventHandle | null;
  crashes: number;
  /** Set for a work-queue pod: its attempts drain the Job's queue (work-items.ts). */
  worker: Worker | null;
  /** Work-queue pods: when the workload's per-pod eviction strikes this attempt. */
  evictAt: SimTime;
  /** Being stopped gracefully after a deletion. */
  stopping: boolean;
  /** The running attempt's outcome, while its end is scheduled (the kubelet's `attemptEnds`). */
  outcome: AttemptOutcome | null;
}
