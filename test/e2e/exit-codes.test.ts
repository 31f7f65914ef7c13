/**
 * Exit codes are int32 end to end: Windows containers report negative ones (0xC000013A, "the
 * application terminated with CTRL+C", is -1073741510; upstream's pod failure policy tests use
 * it). Scripts and failure models produce them, podFailurePolicy In/NotIn match them, and the
 * report writes them as they are.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { matchPodFailurePolicy } from "../../src/controllers/job/pod-failure-policy.js";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import type { Report } from "../../src/report/types.js";
import { captureOutput } from "../helpers/cli-output.js";
import { buildPod } from "../helpers/job-builders.js";
import { oneJob, run, scenarioFromText } from "../helpers/scenario.js";

const CTRL_C = -1073741510;
const TEMPLATE = "  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}";

/** A Job with backoffLimit 0 whose only pod exits `code`, under one pod failure policy rule. */
function policyRun(code: number, operator: "In" | "NotIn", action: string): Report {
  return run(
    scenarioFromText(
      oneJob(
        `  workloads:\n    - {match: {}, script: [{exitCode: ${code}, after: 10s}]}`,
        `  backoffLimit: 0
  podFailurePolicy:
    rules:
      - action: ${action}
        onExitCodes: {operator: ${operator}, values: [${CTRL_C}]}
${TEMPLATE}`,
      ),
    ),
  );
}

const failedReason = (r: Report) =>
  r.jobs[0]!.status.conditions.find((c) => c.type === "Failed" && c.status === "True")?.reason ?? null;

describe("negative exit codes", () => {
  it("ignore rule matched on negative exit codes - needed for Windows support (upstream TestMatchPodFailurePolicy)", () => {
    const rules = [
      {
        action: "Ignore" as const,
        onExitCodes: { containerName: null, operator: "In" as const, values: [-1073741676, CTRL_C] },
        onPodConditions: null,
      },
    ];
    const pod = buildPod().name("mypod").phase("Failed").container("main-container", CTRL_C).build();
    expect(matchPodFailurePolicy({ rules }, pod, defaultFeatureGates)).toEqual({
      message: null,
      countFailed: false,
      action: "Ignore",
    });
  });

  it("match podFailurePolicy In, and the pod reports the code", () => {
    const r = policyRun(CTRL_C, "In", "FailJob");
    expect(r.pods.map((p) => [p.phase, p.exitCode, p.reason])).toEqual([["Failed", CTRL_C, "Error"]]);
    expect(failedReason(r)).toBe("PodFailurePolicy");
  });

  it("match NotIn only when the code is not listed", () => {
    // -1 is not in [CTRL_C]: the rule matches and fails the Job at once.
    expect(failedReason(policyRun(-1, "NotIn", "FailJob"))).toBe("PodFailurePolicy");
    // CTRL_C is listed: no rule matches, the failure counts against backoffLimit 0.
    expect(failedReason(policyRun(CTRL_C, "NotIn", "FailJob"))).toBe("BackoffLimitExceeded");
    // Exit 0 never matches an exit-code rule, NotIn included: the Job completes.
    const ok = policyRun(0, "NotIn", "FailJob");
    expect(ok.pods.map((p) => [p.phase, p.exitCode])).toEqual([["Succeeded", 0]]);
    expect(ok.jobs[0]!.status.conditions.some((c) => c.type === "Complete" && c.status === "True")).toBe(
      true,
    );
  });

  it("come from a failure model's exitCodes", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  workloads:\n    - {match: {}, duration: 1m, failure: {probability: 1, after: 5s, exitCodes: {"${CTRL_C}": 1}}}`,
          `  backoffLimit: 1\n${TEMPLATE}`,
        ),
      ),
    );
    expect(r.pods.map((p) => p.exitCode)).toEqual([CTRL_C, CTRL_C]);
  });
});

describe("sim run with out-of-range and negative values", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "jobsim-exit-codes-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (sim: string) => {
    const file = path.join(dir, "s.yaml");
    writeFileSync(file, oneJob(sim, TEMPLATE));
    return file;
  };

  it("writes a negative exit code to pods.csv and report.json", async () => {
    const out = path.join(dir, "r");
    const file = write(`  workloads:\n    - {match: {}, script: [{exitCode: ${CTRL_C}, after: 10s}]}`);
    expect(await main(["run", file, "--out", out, "--quiet"], captureOutput())).toBe(0);
    const csv = readFileSync(path.join(out, "pods.csv"), "utf8").trim().split("\n");
    const header = csv[0]!.split(",");
    expect(csv[1]!.split(",")[header.indexOf("exitCode")]).toBe(String(CTRL_C));
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as Report;
    expect(report.pods[0]!.exitCode).toBe(CTRL_C);
  });

  it("exits 2 before running, writing nothing, for values past int32 or 10,000 years", async () => {
    const cases = [
      `  workloads:\n    - {match: {}, script: [{exitCode: -2147483649, after: 10s}]}`,
      `  workloads:\n    - {match: {}, duration: {lognormal: {median: 1m, sigma: 1e308}}}`,
      `  workloads:\n    - {match: {}, duration: 99999999999999h}`,
    ];
    for (const sim of cases) {
      const out = path.join(dir, "never");
      const io = captureOutput();
      expect(await main(["run", write(sim), "--out", out], io)).toBe(2);
      expect(io.stderr).toMatch(/s\.yaml:\d+:\d+ spec\.workloads\[0\]\.\S+: expected /);
      expect(io.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
      expect(() => readFileSync(path.join(out, "report.json"))).toThrow();
    }
  });
});
