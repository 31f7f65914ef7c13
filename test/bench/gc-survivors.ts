/**
 * `npm run bench:gc [SCENARIO]`: how much of the young generation survives a scavenge, and how
 * much of that was garbage all along. A few times during the run it collects the young
 * generation twice (the second moves the survivors to the old generation) and then the whole
 * heap, with no simulation in between. When the live old generation after the full collection
 * does not grow by what was just promoted, the survivors were garbage reachable only from dead
 * old objects (nepotism). Obsolete Map tables in the old generation did that to every Job and
 * pod until long-lived indexes renewed their tables (collections/churn-collections.ts); a survival share
 * well above a few percent means some index is doing it again.
 * Prints figures, asserts nothing. BENCH_GC_DAYS (default 28) caps the simulated horizon.
 */
import { getHeapSpaceStatistics } from "node:v8";
import { DAY } from "../../src/engine/time.js";
import { runScenario } from "../../src/run/run.js";
import { loadScenario } from "../../src/scenario/load.js";

/** `global.gc` with options, present under --expose-gc. */
type Collect = (options?: { type: "minor" }) => void;

const collect = (globalThis as { gc?: Collect }).gc;
if (!collect) throw new Error("run with node --expose-gc (npm run bench:gc does)");

const path = process.argv[2] ?? "test/bench/scenarios/minutely-year.yaml";
const horizonDays = Number(process.env.BENCH_GC_DAYS ?? 28);

function used(space: string): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === space)?.space_used_size ?? 0;
}

const loaded = loadScenario(path);
if (!loaded.ok) throw new Error(`${path}: not a valid scenario`);
const scenario = loaded.scenario;
const spec = scenario.simulation;
const end = Math.min(spec.end, spec.start + horizonDays * DAY);
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
let calls = 0;
runScenario(
  { ...scenario, simulation: { ...spec, end } },
  {
    sinks: { job() {}, pod() {}, event() {} },
    onProgress(fraction) {
      // Skip the warm-up; then sample a few points.
      if (++calls % 20 !== 10) return;
      const young = used("new_space");
      collect({ type: "minor" });
      const survived = used("new_space");
      const oldBefore = used("old_space");
      collect({ type: "minor" });
      const promoted = used("old_space") - oldBefore;
      collect();
      const live = used("old_space");
      console.log(
        `at ${(fraction * 100).toFixed(0)}%: ${kb(young)} young -> ${kb(survived)} survived ` +
          `(${((survived / Math.max(1, young)) * 100).toFixed(1)}%), ${kb(promoted)} promoted; ` +
          `old generation ${kb(oldBefore + promoted)}, live after a full collection ${kb(live)}`,
      );
    },
  },
);
