/**
 * `spec.controller.apiQPS`, `apiBurst` and `apiLatency` (docs/scenario-format.md "API client
 * limits"): the client-side rate limit and request latency of each controller's API client,
 * read with located errors.
 */
import { DEFAULT_API_BURST, DEFAULT_API_QPS } from "../k8s/client/api-client.js";
import { type ReadRelative, readDistribution } from "./durations.js";
import type { ApiClientSpec } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

/** The fields this section reads from `spec.controller`. */
export const API_CLIENT_FIELDS = ["apiQPS", "apiBurst", "apiLatency"] as const;

const QPS_HINT = "a number of requests per second > 0, or unlimited";

/** Read the API client fields of `controller` (a map or unset); defaults where unset or bad. */
export function readApiClient(r: Reader, controller: YValue, readRelative: ReadRelative): ApiClientSpec {
  const out: ApiClientSpec = { qps: DEFAULT_API_QPS, burst: DEFAULT_API_BURST, latency: null };
  if (controller.isUnset) return out;
  const qpsV = controller.get("apiQPS");
  if (!qpsV.isUnset) {
    if (qpsV.scalar === "unlimited") out.qps = null;
    else if (typeof qpsV.scalar === "number" && Number.isFinite(qpsV.scalar) && qpsV.scalar > 0)
      out.qps = qpsV.scalar;
    else r.error(qpsV, `expected ${QPS_HINT}, got ${qpsV.describe()}`);
  }
  const burstV = controller.get("apiBurst");
  const burst = r.integer(burstV, 1, Number.MAX_SAFE_INTEGER, "a whole number of requests >= 1");
  if (burst !== undefined) out.burst = burst;
  const latencyV = controller.get("apiLatency");
  if (!latencyV.isUnset) out.latency = readDistribution(r, latencyV, readRelative) ?? null;
  return out;
}
