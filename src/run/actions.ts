import type { SimTime } from "../engine/time.js";
import { StatusError } from "../k8s/api-errors.js";
import { cloneCronJob, cloneJob } from "../k8s/clone.js";
import type { ApiStore } from "../k8s/store.js";
import type { CronJobManifest, JobManifest, JobSpec } from "../k8s/types.js";
import type { Action, ObjectAction } from "../scenario/types.js";
import { applyNodeAction, applyPodAction, type NodeOperations } from "./pod-actions.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON merge patch (RFC 7386) of `patch` onto a copy of `target`. */
export function mergePatch<T>(target: T, patch: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = mergePatch(out[k], v);
    else out[k] = v;
  }
  return out as T;
}

/**
 * Carry out a scenario action as API calls at `now`. Returns the messages of the calls that
 * failed; the caller reports them as warnings, as a failed `kubectl` call would print them.
 */
export function applyAction(
  action: Action,
  store: ApiStore,
  now: SimTime,
  create: { job(m: JobManifest): void; cronJob(m: CronJobManifest): void },
  nodes: NodeOperations,
): string[] {
  switch (action.kind) {
    case "create":
      if (action.manifest.kind === "Job") create.job(action.manifest);
      else create.cronJob(action.manifest);
      return [];
    case "deletePods":
    case "evictPods":
      return applyPodAction(action, store, now);
    case "cordon":
    case "uncordon":
    case "drain":
      return applyNodeAction(action, store, nodes, now);
    default: {
      const err = applyObjectAction(action, store);
      return err === null ? [] : [err.message];
    }
  }
}

/** Patch or delete a Job or CronJob. */
function applyObjectAction(action: ObjectAction, store: ApiStore): StatusError | null {
  const { kind, namespace, name } = action.target;
  if (kind === "CronJob") return applyCronJobAction(action, store);
  if (action.kind === "delete") return store.deleteJob(namespace, name, action.propagationPolicy);
  const job = store.getJob(namespace, name);
  if (!job) return new StatusError("NotFound", `jobs.batch "${name}" not found`);
  const { next, specChanged } = patched(cloneJob(job), action.patch);
  const invalid = completionsChangeError(job.spec, next.spec);
  if (invalid) return invalid;
  const result = store.updateJob(next, specChanged);
  return result instanceof StatusError ? result : null;
}

/** Apply a `{spec?, metadata?}` merge patch to a copy of an object. */
function patched<T extends { spec: object; metadata: object }>(
  copy: T,
  patch: Record<string, unknown>,
): { next: T; specChanged: boolean } {
  const specPatch = isObject(patch.spec) ? patch.spec : {};
  const metaPatch = isObject(patch.metadata) ? patch.metadata : {};
  copy.spec = mergePatch(copy.spec, specPatch);
  copy.metadata = mergePatch(copy.metadata, metaPatch);
  return { next: copy, specChanged: Object.keys(specPatch).length > 0 };
}

/**
 * The API server's rule for `spec.completions` on update (`validateJobSpecUpdate`): immutable,
 * except for Indexed Jobs whose new completions equals the new parallelism (ElasticIndexedJob).
 */
function completionsChangeError(old: JobSpec, next: JobSpec): StatusError | null {
  if (old.completions === next.completions) return null;
  const elastic = next.completionMode === "Indexed" && next.completions === next.parallelism;
  if (elastic) return null;
  return new StatusError(
    "Invalid",
    `spec.completions: Invalid value: ${next.completions}: field is immutable`,
  );
}

/** Patch or delete a CronJob (`kubectl patch` / `kubectl delete`, Background propagation). */
function applyCronJobAction(action: ObjectAction, store: ApiStore): StatusError | null {
  const { namespace, name } = action.target;
  if (action.kind === "delete") return store.deleteCronJob(namespace, name);
  const cj = store.getCronJob(namespace, name);
  if (!cj) return new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
  const { next, specChanged } = patched(cloneCronJob(cj), action.patch);
  const result = store.updateCronJob(next, specChanged);
  return result instanceof StatusError ? result : null;
}
