/**
 * jobsim's orchestration layer over the API server: dependent Jobs (dependencies.ts) and arrival
 * processes (arrivals.ts). run.ts calls in here at three points: which declared Jobs to create at
 * the start, `start()` within the start instant, and `totals()` for the report.
 */
import type { Simulator } from "../engine/simulator.js";
import type { StatusError } from "../k8s/api-errors.js";
import type { ApiStore } from "../k8s/store.js";
import type { JobManifest } from "../k8s/types.js";
import type { RandomStreams } from "../rand/streams.js";
import type { OrchestrationTotals } from "../report/build.js";
import type { Scenario } from "../scenario/types.js";
import { Arrivals } from "./arrivals.js";
import { DependencyGate } from "./dependencies.js";

/** The orchestration of one run. */
export interface Orchestration {
  /** False for dependent Jobs (created later, or skipped) and named arrival templates. */
  createdAtStart(manifest: JobManifest): boolean;
  /** Call at the start instant, after the declared objects are created. */
  start(): void;
  totals(): OrchestrationTotals;
}

/** Wire the dependency gate (a store listener) and the arrival processes of `scenario`. */
export function createOrchestration(
  sim: Simulator,
  store: ApiStore,
  streams: RandomStreams,
  scenario: Scenario,
  warnings: string[],
  create: (manifest: JobManifest) => StatusError | null,
): Orchestration {
  const gate = new DependencyGate(sim, scenario.jobs, (m) => {
    const err = create(m);
    if (err !== null)
      warnings.push(`dependent Job ${m.metadata.namespace}/${m.metadata.name}: ${err.message}`);
  });
  store.subscribe(gate);
  const arrivals = new Arrivals(sim, streams, scenario, create, warnings);
  return {
    createdAtStart: (m) => gate.createdAtStart(m) && arrivals.createdAtStart(m),
    start: () => arrivals.start(),
    totals: () => ({ skipped: gate.skipped, arrivalsSubmitted: arrivals.submitted }),
  };
}
