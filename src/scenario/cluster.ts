/**
 * `cluster.nodes`, `cluster.priorityClasses` and `cluster.disruptions` of the Simulation
 * document, read with located errors (the rest of `cluster` is read in simulation-document.ts).
 */
import { formatInstant, type Millis, parseDuration, type SimTime } from "../engine/time.js";
import { checkMeanGap, readInstant } from "./durations.js";
import { QUANTITY_MSG, quantityOf } from "./k8s-fields.js";
import type { DisruptionBurst, NodePool, SimulationSpec } from "./types.js";
import type { Reader, YValue } from "./yaml-source.js";

/** Fields of `cluster` this module reads. */
export const CLUSTER_EXTRA_FIELDS = ["nodes", "priorityClasses", "disruptions"] as const;

/** kubelet's default `maxPods`. */
export const DEFAULT_NODE_PODS = 110;

const NODE_NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RATE_RE = /^(\d+(?:\.\d+)?)\s*\/\s*(\S+)$/;
/** A disruption burst rate's text, as a JSON Schema `pattern` (scenario schema). */
export const BURST_RATE_PATTERN = RATE_RE.source;

/** Read the extra `cluster` fields of `v` into `out`; fields left unset stay absent. */
export function readClusterExtras(
  r: Reader,
  v: YValue,
  out: SimulationSpec["cluster"],
  start: SimTime,
  end: SimTime,
): void {
  const nodesV = v.get("nodes");
  if (!nodesV.isUnset) {
    if (!v.get("capacity").isUnset) r.error(nodesV, "expected either capacity or nodes, not both");
    const nodes = readNodes(r, nodesV);
    if (nodes !== undefined) out.nodes = nodes;
  }
  const pcV = v.get("priorityClasses");
  if (r.map(pcV)) {
    const classes: Record<string, number> = {};
    for (const { key, value } of pcV.entries()) {
      // PriorityClass values: user classes are at most one billion.
      const n = r.integer(value, -2_147_483_648, 1_000_000_000, "an integer priority up to 1000000000");
      if (n !== undefined) classes[key] = n;
    }
    out.priorityClasses = classes;
  }
  const dV = v.get("disruptions");
  if (r.seq(dV)) {
    const bursts: DisruptionBurst[] = [];
    for (const b of dV.items()) {
      const burst = readBurst(r, b, start, end);
      if (burst !== undefined) bursts.push(burst);
    }
    out.disruptions = bursts;
  }
}

function readNodes(r: Reader, v: YValue): NodePool[] | undefined {
  if (!r.seq(v)) return undefined;
  const items = v.items();
  if (items.length === 0) {
    r.error(v, "expected at least one node pool such as {count: 3, allocatable: {cpu: 8}}");
    return undefined;
  }
  const pools: NodePool[] = [];
  const names = new Set<string>();
  items.forEach((n, i) => {
    if (!r.map(n)) return;
    r.knownFields(n, ["name", "count", "allocatable"]);
    const nameV = n.get("name");
    let name = items.length === 1 ? "node" : `pool${i}`;
    const given = r.string(nameV, "a node name prefix such as spot");
    if (given !== undefined) {
      if (!NODE_NAME_RE.test(given) || given.length > 50)
        r.error(nameV, `expected a lowercase name of letters, digits and '-', got ${nameV.describe()}`);
      else if (names.has(given)) r.error(nameV, `duplicate node pool name ${JSON.stringify(given)}`);
      else name = given;
    }
    names.add(name);
    const countV = n.get("count");
    const count = countV.isUnset ? 1 : r.integer(countV, 1, 100_000, "a node count from 1 to 100000");
    const a = n.get("allocatable");
    let milliCpu: number | null = null;
    let memory: number | null = null;
    let pods = DEFAULT_NODE_PODS;
    if (r.required(a, "a mapping such as {cpu: 8, memory: 32Gi, pods: 110}") && r.map(a)) {
      r.knownFields(a, ["cpu", "memory", "pods"]);
      const cpu = readQuantity(r, a.get("cpu"));
      if (cpu !== undefined) milliCpu = Math.round(cpu * 1000);
      const mem = readQuantity(r, a.get("memory"));
      if (mem !== undefined) memory = Math.round(mem);
      if (!a.get("pods").isUnset)
        pods = r.integer(a.get("pods"), 1, 100_000, "a pod count from 1 to 100000") ?? pods;
    }
    if (count !== undefined) pools.push({ name, count, milliCpu, memory, pods });
  });
  return pools.length === items.length ? pools : undefined;
}

/** A resource quantity (`8`, `500m`, `32Gi`), number or string; must be > 0. */
function readQuantity(r: Reader, v: YValue): number | undefined {
  if (v.isUnset) return undefined;
  const q = quantityOf(v.scalar);
  if (q === undefined) {
    r.error(v, `${QUANTITY_MSG}, got ${v.describe()}`);
    return undefined;
  }
  if (!(q > 0)) {
    r.error(v, `expected a quantity greater than 0, got ${v.describe()}`);
    return undefined;
  }
  return q;
}

function readBurst(r: Reader, b: YValue, start: SimTime, end: SimTime): DisruptionBurst | undefined {
  if (!r.map(b)) return undefined;
  r.knownFields(b, ["at", "rate", "fraction"]);
  const fV = b.get("fraction");
  const fraction = r.required(fV, "a fraction of running pods between 0 and 1")
    ? r.number(fV, 0, 1, "a fraction of running pods between 0 and 1")
    : undefined;
  const atV = b.get("at");
  const rateV = b.get("rate");
  if (atV.isUnset === rateV.isUnset) {
    r.error(b, "expected exactly one of at (a time) or rate (such as 2/d)");
    return undefined;
  }
  if (!atV.isUnset) {
    const at = readInstant(r, atV, start);
    if (at !== undefined && at < start)
      r.error(atV, `expected a time at or after spec.start (${formatInstant(start)}), got ${atV.describe()}`);
    else if (at !== undefined && at >= end)
      r.warn(atV, `after the end of the simulation (${formatInstant(end)}): this burst never happens`);
    return at === undefined || at < start || fraction === undefined
      ? undefined
      : { kind: "at", at, fraction };
  }
  const meanInterval = readRate(r, rateV);
  return meanInterval === undefined || fraction === undefined
    ? undefined
    : { kind: "rate", meanInterval, fraction };
}

/** `N/UNIT` (`2/d`, `1/12h`, `0.5/h`): the mean gap UNIT / N in ms. */
function readRate(r: Reader, v: YValue): Millis | undefined {
  const m = typeof v.scalar === "string" ? RATE_RE.exec(v.scalar.trim()) : null;
  const n = m === null ? Number.NaN : Number(m[1]);
  const unitText = m?.[2] ?? "";
  const unit = parseDuration(/^\d/.test(unitText) ? unitText : `1${unitText}`);
  if (m === null || unit === undefined || !(n > 0) || unit <= 0) {
    r.error(v, `expected a rate such as 2/d, 1/12h or 0.5/h, got ${v.describe()}`);
    return undefined;
  }
  return checkMeanGap(r, v, unit / n);
}
