/** `workQueue` of a workload (docs/scenario-format.md "Work queues"), read with located errors. */
import { type ReadRelative, readDistribution } from "./durations.js";
import { FAILING_EXIT_CODE_HINT, MAX_INT32, MIN_INT32 } from "./k8s-fields.js";
import type { WorkQueueSpec } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

/** Workload fields that a work queue replaces: combining them is an error. */
const REPLACED = ["duration", "failure", "script", "scriptByIndex"] as const;

/**
 * Read `workload.workQueue` (`{items, itemDuration, itemFailure: {probability, exitCode}}`);
 * undefined when unset or bad (every problem reported at its field).
 */
export function readWorkQueue(
  r: Reader,
  workload: YValue,
  readRelative: ReadRelative,
): WorkQueueSpec | undefined {
  const v = workload.get("workQueue");
  if (!r.map(v)) return undefined;
  const before = r.diag.errorCount;
  r.knownFields(v, ["items", "itemDuration", "itemFailure"]);
  for (const f of REPLACED) {
    if (!workload.get(f).isUnset)
      r.error(workload.get(f), `a workQueue decides how the pods run: leave ${f} out`);
  }
  const itemsV = v.get("items");
  const items = r.required(itemsV, "a number of items >= 1")
    ? r.integer(itemsV, 1, Number.MAX_SAFE_INTEGER, "a number of items >= 1")
    : undefined;
  const durV = v.get("itemDuration");
  const itemDuration = r.required(durV, "a distribution such as 1s or {exponential: {mean: 2s}}")
    ? readDistribution(r, durV, readRelative)
    : undefined;
  let itemFailure: WorkQueueSpec["itemFailure"] = null;
  const fV = v.get("itemFailure");
  if (r.map(fV)) {
    r.knownFields(fV, ["probability", "exitCode"]);
    const pV = fV.get("probability");
    const probability = r.required(pV, "a number between 0 and 1")
      ? r.number(pV, 0, 1, "a number between 0 and 1")
      : undefined;
    const ecV = fV.get("exitCode");
    // int32 like every exit code (Windows reports negative ones); 0 would be a success.
    let exitCode = ecV.isUnset ? 1 : r.integer(ecV, MIN_INT32, MAX_INT32, FAILING_EXIT_CODE_HINT);
    if (exitCode === 0) {
      r.error(ecV, `expected ${FAILING_EXIT_CODE_HINT}, got ${ecV.describe()}`);
      exitCode = undefined;
    }
    if (probability !== undefined && exitCode !== undefined) itemFailure = { probability, exitCode };
  }
  if (r.diag.errorCount > before || items === undefined || itemDuration === undefined) return undefined;
  return { items, itemDuration, itemFailure };
}
