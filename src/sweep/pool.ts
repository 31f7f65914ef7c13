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

/** Run every task; the i-th result is the i-th task's. Throws {@link RunFailedError} naming the run. */
export async function executeRuns(
  points: readonly GridPoint[],
  tasks: readonly RunTask[],
  options: PoolOptions,
): Promise<RunMetrics[]> {
  const workers = Math.max(1, Math.min(options.workers, tasks.length));
  if (workers <= 1) return runHere(points, tasks, options);
  return runOnWorkers(points, tasks, workers, options);
}

function failure(points: readonly GridPoint[], task: RunTask, name: string, message: string): RunFailedError {
  return new RunFailedError(points[task.point]!.id, task.seed, message, name);
}

function runHere(
  points: readonly GridPoint[],
  tasks: readonly RunTask[],
  options: PoolOptions,
): RunMetrics[] {
  const results: RunMetrics[] = [];
  for (const task of tasks) {
    try {
      results.push(runOnce(points[task.point]!.scenario, task.seed, options.maxEvents));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      throw Object.assign(failure(points, task, e.name, e.message), { cause: e });
    }
    options.onRunDone?.(results.length);
  }
  return results;
}

/**
 * Hand tasks to `count` workers one at a time, in task order, each as soon as its worker is
 * free. On a failure no new task starts; the runs under way finish, and the failure of the
 * earliest task is reported.
 */
function runOnWorkers(
  points: readonly GridPoint[],
  tasks: readonly RunTask[],
  count: number,
  options: PoolOptions,
): Promise<RunMetrics[]> {
  const entry = workerEntry();
  const setup: WorkerSetup = { scenarios: points.map((p) => p.scenario), maxEvents: options.maxEvents };
  const results: (RunMetrics | undefined)[] = new Array(tasks.length);
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let live = count;
    let failed: { index: number; error: RunFailedError } | null = null;
    const fail = (index: number, error: RunFailedError) => {
      if (failed === null || index < failed.index) failed = { index, error };
    };
    const finish = () => {
      if (--live > 0) return;
      if (failed !== null) reject(failed.error);
      else resolve(results as RunMetrics[]);
    };
    for (let w = 0; w < count; w++) {
      // No execArgv of this process (`--input-type`, a test runner's flags): a worker needs none.
      const worker = new Worker(entry.script, { workerData: setup, eval: entry.eval, execArgv: [] });
      let current = -1;
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        void worker.terminate();
        finish();
      };
      const dispatch = () => {
        if (failed !== null || next >= tasks.length) {
          current = -1;
          stop();
          return;
        }
        current = next++;
        const task = tasks[current]!;
        worker.postMessage({ index: current, point: task.point, seed: task.seed } satisfies WorkerTask);
      };
      worker.on("message", (reply: WorkerReply) => {
        if (reply.ok) {
          results[reply.index] = reply.metrics;
          options.onRunDone?.(++done);
        } else {
          const error = failure(points, tasks[reply.index]!, reply.name, reply.message);
          fail(reply.index, Object.assign(error, { workerStack: reply.stack }));
        }
        dispatch();
      });
      // A worker that dies (out of memory, a fault in Node) fails the run it held.
      worker.on("error", (error) => {
        if (current >= 0) fail(current, failure(points, tasks[current]!, error.name, error.message));
        current = -1;
        stop();
      });
      worker.on("exit", (code) => {
        if (!stopped && current >= 0) {
          fail(
            current,
            failure(points, tasks[current]!, "WorkerExit", `its worker thread stopped (exit code ${code})`),
          );
        }
        current = -1;
        stop();
      });
      dispatch();
    }
  });
}
