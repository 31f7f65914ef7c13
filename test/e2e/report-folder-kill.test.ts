import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/cli-output.js";

/** A year of a CronJob every minute: `--summary-only` streams its CSVs for many seconds. */
const LONG_RUN = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: long-run}
spec:
  seed: 1
  start: "2026-01-01T00:00:00Z"
  horizon: 365d
  workloads:
    - match: {cronJob: minutely}
      duration: 20s
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: minutely}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: main, image: busybox}]
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-kill-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every file of `folder` by name, with its bytes. */
const snapshot = (folder: string) =>
  new Map(readdirSync(folder).map((name) => [name, readFileSync(path.join(folder, name))]));

/** Bytes streamed so far into the staging folders beside `out` (0 when there is none yet). */
function streamedBytes(out: string): number {
  let total = 0;
  for (const side of readdirSync(path.dirname(out)).filter((n) => n.includes(".jobsim-staging-"))) {
    const staging = path.join(path.dirname(out), side);
    try {
      for (const name of readdirSync(staging)) total += statSync(path.join(staging, name)).size;
    } catch {
      // not there any more
    }
  }
  return total;
}

it("SIGKILL while streaming keeps the old report whole, and the next run cleans up", async () => {
  const out = path.join(dir, "out");
  const scenario = path.join(dir, "long-run.yaml");
  writeFileSync(scenario, LONG_RUN);
  const args = ["run", "scenarios/backoff-timeline.yaml", "--out", out, "--quiet", "--no-progress"];
  expect(await main(args, captureOutput())).toBe(0);
  const before = snapshot(out);

  const child = spawn(
    "node",
    ["bin/sim.js", "run", scenario, "--out", out, "--summary-only", "--quiet", "--no-progress"],
    {
      stdio: "ignore",
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_code, signal) => resolve(signal)),
  );
  // Kill once the run has streamed a good deal of rows (more than one 64 KiB flush).
  while (streamedBytes(out) < 256 * 1024 && child.exitCode === null) await pause(50);
  expect(child.exitCode).toBeNull();
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");

  // The old report is untouched; the killed run's staging folder is all that is left.
  expect(snapshot(out)).toEqual(before);
  const leftover = readdirSync(dir).filter((n) => n.startsWith("out.jobsim-staging-"));
  expect(leftover).toEqual([`out.jobsim-staging-${child.pid}-0`]);
  expect(streamedBytes(out)).toBeGreaterThan(0);

  // The next run to the same folder removes it and writes its own report.
  expect(await main([...args, "--summary-only"], captureOutput())).toBe(0);
  expect(readdirSync(dir).sort()).toEqual(["long-run.yaml", "out"]);
  expect(readdirSync(out).sort()).toEqual([
    "cronjobs.csv",
    "events.csv",
    "jobs.csv",
    "pods.csv",
    "report.html",
    "report.json",
    "summary.csv",
  ]);
});
