/**
 * Runs fuzz cases in a worker thread with a time limit: a case that has not answered after
 * `timeoutMillis` is abandoned (the worker is terminated and replaced) and reported as hanging,
 * and a worker that dies (out of memory, say) is reported too, instead of stopping the run.
 */
import { Worker } from "node:worker_threads";
import type { ContractOutcome, FuzzCase } from "./cli-contract.js";

export type CaseResult =
  | { kind: "done"; outcome: ContractOutcome }
  | { kind: "hang"; millis: number }
  | { kind: "crash"; message: string };

/** Heap limit per worker, so one runaway case cannot take the shared machine's memory. */
const WORKER_HEAP_MB = 1536;

/** A worker does not inherit tsx's loader: register it there, then load the TypeScript worker. */
const WORKER_BOOT = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL("./case-worker.ts", import.meta.url).href,
)}); });`;

export class CaseRunner {
  #worker: Worker | null = null;

  constructor(
    private readonly workDir: string,
    private readonly timeoutMillis: number,
  ) {}

  run(input: FuzzCase): Promise<CaseResult> {
    this.#worker ??= new Worker(WORKER_BOOT, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const worker = this.#worker;
    return new Promise((resolve) => {
      const finish = (result: CaseResult, replaceWorker: boolean) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (replaceWorker) {
          this.#worker = null;
          void worker.terminate();
        }
        resolve(result);
      };
      const onMessage = (outcome: ContractOutcome) => finish({ kind: "done", outcome }, false);
      const onError = (error: Error) => finish({ kind: "crash", message: error.message }, true);
      const onExit = (code: number) => finish({ kind: "crash", message: `worker exited with ${code}` }, true);
      const timer = setTimeout(
        () => finish({ kind: "hang", millis: this.timeoutMillis }, true),
        this.timeoutMillis,
      );
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ workDir: this.workDir, input });
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }
}
