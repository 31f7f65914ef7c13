import { JobController } from "../../src/controllers/job/controller.js";
import * as sj from "../../src/controllers/job/sync-job.js";
import { loadScenario } from "../../src/scenario/load.js";
import { runScenario } from "../../src/simulation/run.js";

const r = loadScenario("test/bench/scenarios/100k-pods.yaml");
if (!r.ok) throw new Error("bad");
let syncs = 0;
const podVisits = 0;
const proto = JobController.prototype as unknown as { processKey: (k: string) => void };
const orig = proto.processKey;
proto.processKey = function (this: unknown, k: string) {
  syncs++;
  return orig.call(this, k);
};
const t0 = performance.now();
const { report } = runScenario(r.scenario);
console.log(performance.now() - t0, syncs, JSON.stringify(report.summary.engine));
void sj;
void podVisits;
