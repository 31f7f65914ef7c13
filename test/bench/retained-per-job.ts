/**
 * `npm run bench:retained [SCENARIO]`: bytes of heap a finished Job keeps alive. Runs the
 * scenario (default: 100,000 one-pod Jobs arriving evenly over the first of two days) with rows
 * streamed away as `--summary-only` does, and at a quarter, half and the whole of the arrivals
 * collects the heap twice and reads what is used. The growth between two points, divided by the
 * Jobs that arrived in between, is what each finished Job costs (its objects in the store, as
 * the API server keeps them, and whatever else still holds on to it). Prints figures, asserts
 * nothing. The Job controller's own per-Job state is guarded by a test instead
 * (test/unit/controllers/job/finished-job-release.test.ts).
 */
import { runScenario } from "../../src/run/run.js";
import { loadScenario } from "../../src/scenario/load.js";

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("run with node --expose-gc (npm run bench:retained does)");

const path = process.argv[2] ?? "test/bench/scenarios/arrivals-100k.yaml";
const loaded = loadScenario(path);
if (!loaded.ok) throw new Error(`${path}: not a valid scenario`);
const scenario = loaded.scenario;
const arrival = (scenario.simulation.arrivals ?? [])[0];
if (arrival === undefined || arrival.count === null || arrival.process.kind !== "interval")
  throw new Error(`${path}: needs an arrival process at fixed intervals with a count`);
const total = arrival.count;
const every = arrival.process.every;
const spec = scenario.simulation;
if (arrival.start + total * every >= spec.end)
  throw new Error(`${path}: the arrivals must end before the horizon`);
// Where in the horizon a quarter, half and all of the Jobs have arrived.
const points = [0.25, 0.5, 1].map((share) => {
  const jobs = Math.round(total * share);
  return { jobs, fraction: (arrival.start + jobs * every - spec.start) / (spec.end - spec.start) };
});

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const samples: { jobs: number; used: number }[] = [];
runScenario(scenario, {
  sinks: { job() {}, pod() {}, event() {} },
  onProgress(fraction) {
    const next = points[samples.length];
    // Progress comes in slices of the horizon: sample at the first slice past each point.
    if (next === undefined || fraction < next.fraction) return;
    collect();
    collect();
    const used = process.memoryUsage().heapUsed;
    samples.push({ jobs: next.jobs, used });
    console.log(`${next.jobs} Jobs arrived: heap used after a full collection ${mib(used)}`);
  },
});
for (let i = 1; i < samples.length; i++) {
  const a = samples[i - 1]!;
  const b = samples[i]!;
  console.log(
    `${a.jobs} -> ${b.jobs} Jobs: ${Math.round((b.used - a.used) / (b.jobs - a.jobs))} bytes per Job`,
  );
}
