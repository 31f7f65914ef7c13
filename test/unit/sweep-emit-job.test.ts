/**
 * `sim sweep --emit-job`: the Indexed Job it prints is a Job jobsim's own manifest loader accepts
 * (defaulted and validated as the API server would, no unknown fields), and the shipped scenario
 * that simulates it holds exactly what the command prints.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { sim } from "../helpers/sweep.js";

const FLAGS = ["scenarios/quickstart.yaml", "--seeds", "2000", "--shards", "200", "--parallelism", "40"];
const SIMULATION = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec: {horizon: 1h}
---
`;

describe("sim sweep --emit-job", () => {
  it("prints an Indexed Job that the manifest loader accepts without a warning", async () => {
    for (const flag of ["--emit-job", "--emit-merge-job"]) {
      const r = await sim("sweep", ...FLAGS, flag, "--set", "Job/nightly-report.spec.backoffLimit=4,30");
      expect(r.code).toBe(0);
      const loaded = loadScenario("emitted.yaml", { text: SIMULATION + r.stdout });
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join("\n"));
      // A workload-less scenario warns only that no workload matches the pods (they succeed after 1m).
      expect(loaded.scenario.warnings.filter((w) => !/no workload matches/.test(w))).toEqual([]);
      const job = loaded.scenario.jobs[0]!;
      if (flag === "--emit-job") {
        expect(job.spec.completionMode).toBe("Indexed");
        expect(job.spec.completions).toBe(200);
        expect(job.spec.parallelism).toBe(40);
        expect(r.stdout).toContain('"--shard", auto/200');
        expect(r.stdout).toContain('"--set", "Job/nightly-report.spec.backoffLimit=4,30"');
      } else {
        expect(r.stdout).toContain("merge, results/quickstart-sweep-shards");
      }
    }
  });

  it("scenarios/sweep-on-kubernetes.yaml holds exactly what it prints", async () => {
    const r = await sim("sweep", ...FLAGS, "--emit-job");
    const text = readFileSync("scenarios/sweep-on-kubernetes.yaml", "utf8");
    expect(text.slice(text.indexOf("\n---\n") + 5)).toBe(r.stdout);
  });

  it("refuses flags the Job chooses, and a scenario on standard input", async () => {
    const r = await sim("sweep", ...FLAGS, "--emit-job", "--shard", "0/2");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard: not with --emit-job/);
    expect((await sim("sweep", ...FLAGS, "--emit-job", "--shards", "0")).code).toBe(2);
    const absolute = await sim("sweep", `${process.cwd()}/${FLAGS[0]}`, "--emit-job");
    expect(absolute.code).toBe(2);
    expect(absolute.stderr).toMatch(
      /--emit-job: name the scenario by its path inside the folder the volume holds/,
    );
  });
});
