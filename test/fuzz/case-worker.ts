/**
 * Worker thread for `npm run fuzz`: checks one case at a time, so the runner can stop a case
 * that never ends (a synchronous simulation cannot be interrupted in-process) by terminating
 * the worker.
 */
import { parentPort } from "node:worker_threads";
import { checkCliContract, type FuzzCase } from "./cli-contract.js";

parentPort!.on("message", async (message: { workDir: string; input: FuzzCase }) => {
  parentPort!.postMessage(await checkCliContract(message.workDir, message.input));
});
