/**
 * A worker thread of a sweep (pool.ts): it receives the grid points' scenarios once, then runs
 * one (point, seed) at a time and posts back its metrics, or why it failed.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Scenario } from "../scenario/types.js";
import { runOnce } from "./run-once.js";
import type { WorkerReply, WorkerSetup, WorkerTask } from "./worker-protocol.js";

const setup = workerData as WorkerSetup;
const port = parentPort!;

port.on("message", (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    const scenario: Scenario = setup.scenarios[task.point]!;
    reply = { ok: true, index: task.index, metrics: runOnce(scenario, task.seed, setup.maxEvents) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { ok: false, index: task.index, name: e.name, message: e.message, stack: e.stack ?? "" };
  }
  port.postMessage(reply);
});
