import { loadScenario } from "../../src/scenario/load.js";
import * as build from "../../src/report/build.js";
import { runScenario } from "../../src/simulation/run.js";
const r = loadScenario("test/bench/scenarios/100k-pods.yaml");
if (!r.ok) throw new Error("bad");
let buildMs = 0;
const orig = build.buildReport;
// measure build separately by timing the run and rebuilding
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const { report } = runScenario(r.scenario);
  const t1 = performance.now();
  void report;
  console.log("run", (t1 - t0).toFixed(0));
}
void buildMs; void orig;
