/**
 * Running a sweep's runs: in this thread, or over worker threads. Results come back indexed by
 * task, so whatever order the runs finish in, the caller sees them in task order and writes the
 * same bytes for any number of workers.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { RunFailedError } from "./errors.js";
import { type RunMetrics, runOnce } from "./run-once.js";
import type { GridPoint } from "./types.js";
import type { WorkerReply, WorkerSetup, WorkerTask } from "./worker-protocol.js";

/** One run to do: grid point index and seed. */
export interface RunTask {
  point: number;
  seed: number;
}

export interface PoolOptions {
  /** Worker threads; 1 runs everything in this thread. */
  workers: number;
  /** Bound on each run's engine events (`--max-events`). */
  maxEvents?: number;
  /** Called after each run with the number of runs finished so far. */
  onRunDone?: (done: number) => void;
}

/**
 * How to start the worker module beside this one: the compiled worker.js directly, or, when
 * running from the TypeScript sources (tsx, vitest), a bootstrap that registers tsx's loader in
 * the new thread first (a worker does not inherit the loader of the thread that starts it).
 */
function workerEntry(): { script: string | URL; eval: boolean } {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return { script: new URL("./worker.js", self), eval: false };
  const loader = createRequire(self).resolve("tsx");
  const api = pathToFileURL(join(dirname(loader), "esm", "api", "index.mjs")).href;
  const worker = new URL("./worker.ts", self).href;
  const script = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return { script, eval: true };
}

function failure(points: readonly GridPoint[], task: RunTask, name: string, message: string): RunFailedError {
  return new RunFailedError(points[task.point]!.id, task.seed, message, name);
}

/** One run in this thread; throws {@link RunFailedError} naming it when it fails. */
export function runInThisThread(
  points: readonly GridPoint[],
  task: RunTask,
  maxEvents: number | undefined,
): RunMetrics {
  try {
    return runOnce(points[task.point]!.scenario, task.seed, maxEvents);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    throw Object.assign(failure(points, task, e.name, e.message), { cause: e });
  }
}

/** One batch of {@link RunPool.run}: its tasks, results so far and how to settle it. */
interface Batch {
  tasks: readonly RunTask[];
  results: (RunMetrics | undefined)[];
  next: number;
  done: number;
  inFlight: number;
  failed: { index: number; error: RunFailedError } | null;
  onRunDone: ((done: number) => void) | undefined;
  resolve(results: RunMetrics[]): void;
  reject(error: RunFailedError): void;
}

/** A worker thread and the task it holds (-1: none). */
interface Slot {
  worker: Worker;
  current: number;
  alive: boolean;
}

/**
 * Runs of a sweep's grid points, in this thread (`workers` 1) or over worker threads that live
 * from the first batch to {@link RunPool.close}, so the batches of `--until-ci` start no new
 * threads. Tasks go out one at a time, in task order, each as soon as a worker is free; results
 * come back in task order whatever order they finish in. On a failure no new task starts, the
 * runs under way finish, and the failure of the earliest task is reported.
 */
export class RunPool {
  readonly #points: readonly GridPoint[];
  readonly #options: PoolOptions;
  readonly #slots: Slot[] = [];
  #batch: Batch | null = null;

  constructor(points: readonly GridPoint[], options: PoolOptions) {
    this.#points = points;
    this.#options = options;
  }

  /** Run every task; the i-th result is the i-th task's. Throws {@link RunFailedError} naming the run. */
  run(tasks: readonly RunTask[], onRunDone?: (done: number) => void): Promise<RunMetrics[]> {
    if (this.#options.workers <= 1 || tasks.length <= 1) {
      try {
        return Promise.resolve(this.#runHere(tasks, onRunDone));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.#batch !== null) throw new Error("RunPool.run: a batch is still running");
    return new Promise((resolve, reject) => {
      const batch: Batch = {
        tasks,
        results: new Array(tasks.length),
        next: 0,
        done: 0,
        inFlight: 0,
        failed: null,
        onRunDone,
        resolve,
        reject,
      };
      this.#batch = batch;
      for (const slot of this.#slots) this.#dispatch(slot);
      const wanted = Math.min(this.#options.workers, tasks.length);
      while (this.#slots.filter((s) => s.alive).length < wanted && batch.next < tasks.length) {
        this.#dispatch(this.#start());
      }
      this.#settleIfDone();
    });
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    for (const slot of slots) slot.alive = false;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #runHere(tasks: readonly RunTask[], onRunDone?: (done: number) => void): RunMetrics[] {
    const results: RunMetrics[] = [];
    for (const task of tasks) {
      results.push(runInThisThread(this.#points, task, this.#options.maxEvents));
      onRunDone?.(results.length);
    }
    return results;
  }

  #start(): Slot {
    const entry = workerEntry();
    const setup: WorkerSetup = {
      scenarios: this.#points.map((p) => p.scenario),
      maxEvents: this.#options.maxEvents,
    };
    // No execArgv of this process (`--input-type`, a test runner's flags): a worker needs none.
    const worker = new Worker(entry.script, { workerData: setup, eval: entry.eval, execArgv: [] });
    const slot: Slot = { worker, current: -1, alive: true };
    this.#slots.push(slot);
    worker.on("message", (reply: WorkerReply) => {
      const batch = this.#batch;
      slot.current = -1;
      if (batch === null) return;
      batch.inFlight--;
      if (reply.ok) {
        batch.results[reply.index] = reply.metrics;
        batch.onRunDone?.(++batch.done);
      } else {
        const error = failure(this.#points, batch.tasks[reply.index]!, reply.name, reply.message);
        this.#fail(batch, reply.index, Object.assign(error, { workerStack: reply.stack }));
      }
      this.#dispatch(slot);
      this.#settleIfDone();
    });
    // A worker that dies (out of memory, a fault in Node) fails the run it held.
    const died = (name: string, message: string) => {
      if (!slot.alive) return;
      slot.alive = false;
      const batch = this.#batch;
      if (batch !== null && slot.current >= 0) {
        batch.inFlight--;
        this.#fail(batch, slot.current, failure(this.#points, batch.tasks[slot.current]!, name, message));
      }
      slot.current = -1;
      this.#settleIfDone();
    };
    worker.on("error", (error) => died(error.name, error.message));
    worker.on("exit", (code) => died("WorkerExit", `its worker thread stopped (exit code ${code})`));
    return slot;
  }

  #fail(batch: Batch, index: number, error: RunFailedError): void {
    if (batch.failed === null || index < batch.failed.index) batch.failed = { index, error };
  }

  /** Give `slot` the batch's next task, if the batch still hands out tasks. */
  #dispatch(slot: Slot): void {
    const batch = this.#batch;
    if (batch === null || !slot.alive || slot.current >= 0) return;
    if (batch.failed !== null || batch.next >= batch.tasks.length) return;
    const index = batch.next++;
    const task = batch.tasks[index]!;
    slot.current = index;
    batch.inFlight++;
    slot.worker.postMessage({ index, point: task.point, seed: task.seed } satisfies WorkerTask);
  }

  /** Resolve or reject the batch once nothing is in flight and nothing more will start. */
  #settleIfDone(): void {
    const batch = this.#batch;
    if (batch === null || batch.inFlight > 0) return;
    const more = batch.failed === null && batch.next < batch.tasks.length;
    if (more && this.#slots.some((s) => s.alive)) return;
    this.#batch = null;
    if (batch.failed !== null) batch.reject(batch.failed.error);
    else if (more) {
      // Every worker died between tasks (Node stopped them): name the next run, which never ran.
      batch.reject(failure(this.#points, batch.tasks[batch.next]!, "WorkerExit", "no worker thread is left"));
    } else batch.resolve(batch.results as RunMetrics[]);
  }
}

/** Run every task over a pool of `options.workers` threads, closed afterwards. */
export async function executeRuns(
  points: readonly GridPoint[],
  tasks: readonly RunTask[],
  options: PoolOptions,
): Promise<RunMetrics[]> {
  const pool = new RunPool(points, options);
  try {
    return await pool.run(tasks, options.onRunDone);
  } finally {
    await pool.close();
  }
}
