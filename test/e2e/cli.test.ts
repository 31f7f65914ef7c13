import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/cli-output.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const BAD = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: bad}
spec:
  workloads:
    - match: {}
      failure: {probability: 1.5}
---
apiVersion: batch/v1
kind: Job
metadata: {name: etl}
spec:
  template: {spec: {restartPolicy: Always, containers: [{name: c, image: busybox}]}}
`;

describe("sim CLI", () => {
  it("runs a scenario, prints the summary and writes every report file", async () => {
    const io = captureOutput();
    const out = path.join(dir, "r");
    const code = await main(["run", "scenarios/backoff-timeline.yaml", "--out", out, "--no-progress"], io);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/always-fails\s+Failed\s+0\/1/);
    expect(readdirSync(out).sort()).toEqual([
      "cronjobs.csv",
      "events.csv",
      "jobs.csv",
      "pods.csv",
      "report.html",
      "report.json",
      "summary.csv",
    ]);
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
    expect(report.kind).toBe("Report");
    expect(report.summary.jobs.failedByReason).toEqual({ BackoffLimitExceeded: 1 });
  });

  it("writes byte-identical reports for the same scenario and seed, different ones for another seed", async () => {
    const read = (d: string) => readFileSync(path.join(d, "report.json"), "utf8");
    for (const [name, seed] of [
      ["a", "7"],
      ["b", "7"],
      ["c", "8"],
    ] as const) {
      expect(
        await main(
          ["run", "scenarios/quickstart.yaml", "--out", path.join(dir, name), "--seed", seed, "--quiet"],
          captureOutput(),
        ),
      ).toBe(0);
    }
    expect(read(path.join(dir, "b"))).toBe(read(path.join(dir, "a")));
    expect(read(path.join(dir, "c"))).not.toBe(read(path.join(dir, "a")));
    expect(JSON.parse(read(path.join(dir, "c"))).scenario.seed).toBe(8);
  });

  it("rejects a bad scenario with located errors, exit 2, nothing written", async () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, BAD);
    const io = captureOutput();
    const out = path.join(dir, "out");
    expect(await main(["run", file, "--out", out], io)).toBe(2);
    expect(io.stderr).toContain(
      `${file}:7:30 spec.workloads[0].failure.probability: expected a number between 0 and 1, got 1.5`,
    );
    expect(io.stderr).toContain(
      `${file}:13:36 spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"`,
    );
    expect(io.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(await main(["validate", file], captureOutput())).toBe(2);
  });

  it("rejects bad flags and unknown commands with exit 2", async () => {
    const io = captureOutput();
    expect(await main(["run", "scenarios/quickstart.yaml", "--seed", "abc"], io)).toBe(2);
    expect(io.stderr).toContain('--seed: expected a non-negative integer, got "abc"');
    expect(await main(["frobnicate"], captureOutput())).toBe(2);
    expect(await main([], captureOutput())).toBe(2);
  });

  it("prints help with exit 0", async () => {
    const io = captureOutput();
    expect(await main(["run", "--help"], io)).toBe(0);
    expect(io.stdout).toContain("--summary-only");
  });

  it("validates a good scenario", async () => {
    const io = captureOutput();
    expect(await main(["validate", "scenarios/quickstart.yaml"], io)).toBe(0);
    expect(io.stdout).toContain("valid");
  });

  it("compares reports and exits 1 when a threshold is breached", async () => {
    const a = path.join(dir, "a");
    const b = path.join(dir, "b");
    await main(["run", "scenarios/quickstart.yaml", "--out", a, "--seed", "1", "--quiet"], captureOutput());
    await main(["run", "scenarios/quickstart.yaml", "--out", b, "--seed", "2", "--quiet"], captureOutput());
    const ok = captureOutput();
    expect(await main(["compare", a, b, "--threshold", "jobs.created=1"], ok)).toBe(0);
    expect(ok.stdout).toContain("pods.created");
    expect(await main(["compare", a, b, "--threshold", "pods.created=0"], captureOutput())).toBe(1);
    const bad = captureOutput();
    expect(await main(["compare", a, b, "--threshold", "no.such.metric=1"], bad)).toBe(2);
    expect(await main(["compare", a, b, "--threshold", "jobs.failed"], captureOutput())).toBe(2);
    expect(await main(["compare", a, path.join(dir, "missing")], captureOutput())).toBe(2);
  });

  it("ends quietly when its output pipe is closed (sim run ... | head)", () => {
    const out = path.join(dir, "piped");
    const r = spawnSync(
      "bash",
      [
        "-c",
        // `true` exits at once without reading, so every write of the CLI meets a closed pipe.
        `set -o pipefail; node bin/sim.js run scenarios/backoff-timeline.yaml --out ${out} --no-progress | true`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).not.toMatch(/EPIPE|at /);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(out, "report.json"))).toBe(true);
  });
  // The streamed CSVs (--summary-only) are written row by row while simulating, the others from
  // the finished report: both paths must give the same rows. Events come in time order either
  // way; streamed Jobs and pods come in the order they were done with (deleted, or still there at
  // the horizon) since keeping them to sort by creation is what --summary-only avoids. These
  // scenarios cover CronJobs, indexed Jobs, pod failure policies, evictions and work-queue pods.
  it.each([
    "forbid-overrun.yaml",
    "indexed-per-index-backoff.yaml",
    "pod-failure-policy.yaml",
    "spot-evictions.yaml",
    "work-queue.yaml",
  ])("streams the same rows with --summary-only (%s)", async (name) => {
    const full = path.join(dir, "full");
    const streamed = path.join(dir, "streamed");
    const scenario = path.join("scenarios", name);
    expect(await main(["run", scenario, "--out", full, "--quiet"], captureOutput())).toBe(0);
    expect(
      await main(["run", scenario, "--out", streamed, "--summary-only", "--quiet"], captureOutput()),
    ).toBe(0);
    const read = (folder: string, file: string) => readFileSync(path.join(folder, file), "utf8");
    for (const file of ["events.csv", "cronjobs.csv", "summary.csv"]) {
      expect(read(streamed, file), file).toBe(read(full, file));
    }
    for (const file of ["jobs.csv", "pods.csv"]) {
      const [header, ...rows] = read(streamed, file).split("\n");
      const [fullHeader, ...fullRows] = read(full, file).split("\n");
      expect(rows.length, file).toBeGreaterThan(1);
      expect(header, file).toBe(fullHeader);
      expect(rows.sort(), file).toEqual(fullRows.sort());
    }
  });
});
