/** Messages between a sweep and its worker threads (pool.ts, worker.ts). */
import type { Scenario } from "../scenario/types.js";
import type { RunMetrics } from "./run-once.js";

/** Given to each worker once: every grid point's scenario, by point index. */
export interface WorkerSetup {
  scenarios: Scenario[];
  maxEvents: number | undefined;
}

/** One run: the grid point (index into the setup's scenarios) and the seed. */
export interface WorkerTask {
  index: number;
  point: number;
  seed: number;
}

/** A run's metrics, or the error it threw (name, message and stack: Error objects do not cross threads whole). */
export type WorkerReply =
  | { ok: true; index: number; metrics: RunMetrics }
  | { ok: false; index: number; name: string; message: string; stack: string };
