import type { Job } from "./types.js";

/**
 * upstream `IsJobFinished` (Complete=True or Failed=True), for the layers below the controllers
 * that release a finished Job's state (pod-name streams, the kubelet's per-Job records).
 */
export function isFinished(job: Job): boolean {
  for (const c of job.status.conditions)
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return true;
  return false;
}
