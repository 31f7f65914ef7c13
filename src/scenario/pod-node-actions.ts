/**
 * The bodies of the pod and node actions of `spec.actions`: `delete: {kind: Pod, ...}` and
 * `evict: {...}` select pods by their Job (pods have generated names); `drain`, `cordon` and
 * `uncordon` name a node. Whether the pods or the node exist is known only when the action runs
 * (a run warning then, as a failing `kubectl` call prints one).
 */
import type { SimTime } from "../engine/time.js";
import { readInt, readSeconds } from "./k8s-fields.js";
import type { Action, PodSelector } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

/** Verbs that act on nodes. */
export const NODE_VERBS = ["drain", "cordon", "uncordon"] as const;
export type NodeVerb = (typeof NODE_VERBS)[number];

/** The fields of a pod selector body (`delete: {kind: Pod, ...}` and `evict:`). */
export const POD_SELECTOR_FIELDS = ["job", "namespace", "index", "count", "gracePeriodSeconds"] as const;

/** `{kind: Pod, job, namespace, index, count, gracePeriodSeconds}` (`kind` optional for evict). */
export function readPodAction(
  r: Reader,
  body: YValue,
  at: SimTime | undefined,
  verb: "delete" | "evict",
): Action | undefined {
  const before = r.diag.errorCount;
  r.knownFields(body, ["kind", ...POD_SELECTOR_FIELDS]);
  // `delete` came here for kind Pod; `evict` may leave it out.
  if (!body.get("kind").isUnset && body.get("kind").scalar !== "Pod") {
    r.error(body.get("kind"), `expected Pod (only pods are evicted), got ${body.get("kind").describe()}`);
  }
  const jobV = body.get("job");
  const job = r.required(jobV, "the name of the Job whose pods to select")
    ? r.string(jobV, "the name of the Job whose pods to select")
    : undefined;
  const namespace = r.string(body.get("namespace"), "a namespace") ?? "default";
  const index = readInt(r.diag, body.get("index"), 0);
  const count = readInt(r.diag, body.get("count"), 1) ?? 1;
  const grace = readSeconds(r.diag, body.get("gracePeriodSeconds"));
  if (job === undefined || at === undefined || r.diag.errorCount > before) return undefined;
  const pods: PodSelector = { namespace, job, index, count };
  return { at, kind: verb === "delete" ? "deletePods" : "evictPods", pods, gracePeriodSeconds: grace };
}

/** `{node: NAME}`. */
export function readNodeAction(
  r: Reader,
  body: YValue,
  at: SimTime | undefined,
  verb: NodeVerb,
): Action | undefined {
  r.knownFields(body, ["node"]);
  const nodeV = body.get("node");
  const node = r.required(nodeV, "a node name") ? r.string(nodeV, "a node name") : undefined;
  if (node === undefined || at === undefined) return undefined;
  return { at, kind: verb, node };
}
