/**
 * `spec.controller.apiQPS`, `apiBurst`, `apiLatency`, `schedulerQPS` and `schedulerBurst`
 * (docs/scenario-format.md "API client limits"): the client-side rate limit and request latency
 * of each controller's API client and of kube-scheduler's, read with located errors.
 */
import {
  DEFAULT_API_BURST,
  DEFAULT_API_QPS,
  DEFAULT_SCHEDULER_BURST,
  DEFAULT_SCHEDULER_QPS,
} from "../k8s/client/api-client.js";
import { type ReadRelative, readDistribution } from "./durations.js";
import type { ApiClientSpec } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

/** The fields this section reads from `spec.controller`. */
export const API_CLIENT_FIELDS = [
  "apiQPS",
  "apiBurst",
  "apiLatency",
  "schedulerQPS",
  "schedulerBurst",
] as const;

const QPS_HINT = "a number of requests per second > 0, or unlimited";

/** Read the API client fields of `controller` (a map or unset); defaults where unset or bad. */
export function readApiClient(r: Reader, controller: YValue, readRelative: ReadRelative): ApiClientSpec {
  const out: ApiClientSpec = {
    qps: DEFAULT_API_QPS,
    burst: DEFAULT_API_BURST,
    latency: null,
    scheduler: { qps: DEFAULT_SCHEDULER_QPS, burst: DEFAULT_SCHEDULER_BURST },
  };
  if (controller.isUnset) return out;
  out.qps = readQps(r, controller.get("apiQPS"), out.qps);
  out.burst = readBurst(r, controller.get("apiBurst")) ?? out.burst;
  const latencyV = controller.get("apiLatency");
  if (!latencyV.isUnset) out.latency = readDistribution(r, latencyV, readRelative) ?? null;
  out.scheduler.qps = readQps(r, controller.get("schedulerQPS"), out.scheduler.qps);
  out.scheduler.burst = readBurst(r, controller.get("schedulerBurst")) ?? out.scheduler.burst;
  return out;
}

function readQps(r: Reader, v: YValue, fallback: number | null): number | null {
  if (v.isUnset) return fallback;
  if (v.scalar === "unlimited") return null;
  if (typeof v.scalar === "number" && Number.isFinite(v.scalar) && v.scalar > 0) return v.scalar;
  r.error(v, `expected ${QPS_HINT}, got ${v.describe()}`);
  return fallback;
}

function readBurst(r: Reader, v: YValue): number | undefined {
  return r.integer(v, 1, Number.MAX_SAFE_INTEGER, "a whole number of requests >= 1");
}
