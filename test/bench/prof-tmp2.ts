import { loadScenario } from "../../src/scenario/load.js";
import { runScenario } from "../../src/simulation/run.js";
const r = loadScenario("test/bench/scenarios/100k-pods.yaml");
if (!r.ok) throw new Error("bad");
const times: number[] = [];
for (let i = 0; i < Number(process.env.RUNS ?? 5); i++) {
  const t0 = performance.now();
  runScenario(r.scenario);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log("min", times[0]!.toFixed(0), "median", times[Math.floor(times.length / 2)]!.toFixed(0));
