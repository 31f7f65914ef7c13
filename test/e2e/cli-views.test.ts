import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { REPORT_FILE_NAMES } from "../../src/report/write.js";
import { captureOutput } from "../helpers/cli-output.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-views-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function sim(...args: string[]) {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A per-minute CronJob for two hours whose pods no workload matches. */
const MINUTELY = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: minutely}
spec:
  start: "2026-03-01T00:00:00Z"
  horizon: 2h
  workloads:
    - match: {cronJob: other}
      duration: 10s
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox}]
`;

const run = (scenario: string, out: string, ...extra: string[]) =>
  sim("run", `scenarios/${scenario}.yaml`, "--out", out, "--no-progress", ...extra);

describe("sim run --files", () => {
  it("writes only the files named, in a folder a later full run replaces whole", async () => {
    const out = path.join(dir, "r");
    const r = await run("backoff-timeline", out, "--files", "report.json, summary.csv", "--quiet");
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["report.json", "summary.csv"]);
    expect((await run("backoff-timeline", out, "--quiet")).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...REPORT_FILE_NAMES].sort());
  });

  it("leaves streamed CSVs out under --summary-only too, and accepts the flag repeated", async () => {
    const out = path.join(dir, "r");
    const r = await run(
      "forbid-overrun",
      out,
      "--summary-only",
      "--files",
      "cronjobs.csv",
      "--files",
      "jobs.csv",
      "--quiet",
    );
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["cronjobs.csv", "jobs.csv"]);
    expect(readFileSync(path.join(out, "jobs.csv"), "utf8").split("\n").length).toBe(80 + 2);
  });

  it("refuses an unknown or empty name before simulating: exit 2, the valid names listed, nothing written", async () => {
    const out = path.join(dir, "r");
    const r = await run("backoff-timeline", out, "--files", "report.json,report.csv");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: --files: unknown file "report.csv": the files a report can hold are ${REPORT_FILE_NAMES.join(", ")}\n`,
    );
    expect(existsSync(out)).toBe(false);
    expect((await run("backoff-timeline", out, "--files", " , ")).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe("sim run --trace", () => {
  it("writes the trace beside the report folder and says where it went", async () => {
    const out = path.join(dir, "r");
    const trace = path.join(dir, "trace.json");
    const r = await run("backoff-timeline", out, "--trace", trace);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report written to ${out}/, trace to ${trace}\n`);
    const parsed = JSON.parse(readFileSync(trace, "utf8"));
    expect(parsed.traceEvents.filter((e: { ph: string }) => e.ph === "X")).toHaveLength(4);
    // No temporary file is left beside it.
    expect(readdirSync(dir).sort()).toEqual(["r", "trace.json"]);
  });

  it("is a usage error (exit 2, nothing written) inside the report folder, in a missing folder, on a folder, or with --summary-only", async () => {
    const out = path.join(dir, "r");
    mkdirSync(path.join(dir, "a-folder"));
    const cases: [string[], RegExp][] = [
      [["--trace", path.join(out, "t.json")], /is inside the report folder/],
      [["--trace", path.join(dir, "missing", "t.json")], /its folder .* does not exist/],
      [["--trace", path.join(dir, "a-folder")], /exists and is not a regular file/],
      [["--trace", path.join(dir, "t.json"), "--summary-only"], /--summary-only/],
      [["--trace", ""], /expected a file path/],
    ];
    for (const [extra, message] of cases) {
      const r = await run("backoff-timeline", out, ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(path.join(dir, "t.json"))).toBe(false);
    }
  });
});

describe("sim run --jobs and the summary that answers first", () => {
  it("leads with what went wrong, then the table; --jobs failed lists only failed Jobs", async () => {
    const r = await run("spot-evictions", path.join(dir, "r"), "--jobs", "failed");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[2]).toBe("What went wrong:");
    expect(lines[3]).toBe("  1 of 2 Jobs failed (1 BackoffLimitExceeded): spot-default");
    expect(r.stdout).toMatch(/\nspot-default +Failed/);
    expect(r.stdout).not.toMatch(/\nspot-ignore-evictions +Complete/);
  });

  it("selects by name, by CronJob, by label; a malformed label is exit 2", async () => {
    const byName = await run("etl-pipeline", path.join(dir, "a"), "--jobs", "transform");
    expect(byName.stdout).toMatch(/\ntransform +Complete/);
    expect(byName.stdout).not.toMatch(/\nload +Complete/);
    const byCron = await run("overnight-outage", path.join(dir, "b"), "--jobs", "hourly-sync");
    expect(byCron.stdout.match(/\nhourly-sync-\d+ +Complete/g)).toHaveLength(14);
    const none = await run("etl-pipeline", path.join(dir, "c"), "--jobs", "team=data");
    expect(none.stdout).toContain("No Job has the labels team=data.\n");
    const bad = await run("etl-pipeline", path.join(dir, "d"), "--jobs", "=data");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--jobs: expected label=value pairs");
    expect(existsSync(path.join(dir, "d"))).toBe(false);
  });

  it("long-suspension says the runs were suspended before any table", async () => {
    const r = await run("long-suspension", path.join(dir, "r"));
    const first = r.stdout.split("\n").slice(0, 6).join("\n");
    expect(first).toContain("cronjob/metrics-rollup: of 863 scheduled runs, 672 suspended");
    expect(r.stdout).toMatch(
      /\nmetrics-rollup +\*\/15 \* \* \* \* +<none> +False +0 +15m +191 +0 +0 +0 +672\n/,
    );
  });
});

describe("markdown", () => {
  it("sim run --format md prints markdown alone on stdout; where the report went goes to stderr", async () => {
    const out = path.join(dir, "r");
    const r = await run("quickstart", out, "--format", "md");
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("### jobsim: quickstart (seed 42)\n")).toBe(true);
    expect(r.stdout).toContain("- 1 of 1 Job failed (1 BackoffLimitExceeded): nightly-report\n");
    expect(r.stdout).toContain(
      "| metric | value |\n| --- | --- |\n| Jobs | 1 created, 0 succeeded, 1 failed, 0 active |\n",
    );
    expect(r.stdout).not.toContain("report written");
    expect(r.stderr).toBe(`report written to ${out}/\n`);
    expect((await run("quickstart", out, "--format", "html")).code).toBe(2);
  });

  it("sim compare lists changed metrics only, all with --all, in text and markdown", async () => {
    const a = path.join(dir, "a");
    const b = path.join(dir, "b");
    expect((await run("quickstart", a, "--quiet")).code).toBe(0);
    expect((await run("quickstart", b, "--quiet", "--seed", "7")).code).toBe(0);
    const text = await sim("compare", a, b);
    expect(text.stdout).toMatch(/\npods\.created +66 +67 +\+1 +\+1\.5%\n/);
    expect(text.stdout).not.toMatch(/\njobs\.created /);
    expect(text.stdout).toMatch(/\ncontrolPlane\.calls\.kube-scheduler +66 +67 +\+1 /);
    // 13 timeline metrics and 4 of the API clients (p99 wait, job-controller and kube-scheduler
    // calls, events dropped).
    expect(text.stdout).toMatch(
      /\n\d+ metrics, 17 changed\. \d+ unchanged not shown \(--all lists them\)\.\n$/,
    );
    const all = await sim("compare", a, b, "--all");
    expect(all.stdout).toMatch(/\njobs\.created +1 +1 +0 +0%\n/);
    const md = await sim("compare", a, b, "--format", "md", "--threshold", "pods.failed=0");
    expect(md.code).toBe(1);
    expect(md.stdout).toContain(
      "| metric | base | candidate | Δ | Δ% | check |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    expect(md.stdout).toContain("| `pods.created` | 66 | 67 | +1 | +1.5% |  |\n");
    expect(md.stdout).not.toContain("`jobs.created`");
    expect(md.stdout).toContain("- ❌ `pods.failed=0`: 5 > 0\n");
    expect(md.stdout).toContain("**1 of 1 thresholds breached.**\n");
    const same = await sim("compare", a, a, "--format", "md");
    expect(same.stdout).not.toContain("| metric |");
    expect((await sim("compare", a, a, "--format", "md", "--all")).stdout).toContain(
      "| `jobs.created` | 1 | 1 | 0 | 0% |\n",
    );
  });
});

describe("the summary of a --summary-only run", () => {
  it("counts CronJob instants kept on disk (more than one spill chunk) before the spill is removed", async () => {
    const scenario = path.join(dir, "minutely.yaml");
    // Suspended throughout: every instant is listed, and no Job costs simulation time.
    writeFileSync(
      scenario,
      MINUTELY.replace("horizon: 2h", "horizon: 7d").replace(
        "spec:\n  schedule",
        "spec:\n  suspend: true\n  schedule",
      ),
    );
    const r = await sim("run", scenario, "--out", path.join(dir, "r"), "--no-progress", "--summary-only");
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(0);
    // 7 days of minutes less the one at the start: 10,079 instants (three spill chunks).
    expect(r.stdout).toMatch(/\ntick +\* \* \* \* \* +<none> +True +0 +<none> +0 +0 +0 +0 +10079\n/);
    expect(r.stdout).toContain("cronjob/tick: of 10,079 scheduled runs, 10,079 suspended\n");
  });
});

describe("folded warnings", () => {
  it("a per-minute CronJob whose pods no workload matches warns once, with the count", async () => {
    const scenario = path.join(dir, "minutely.yaml");
    writeFileSync(scenario, MINUTELY);
    const r = await sim("run", scenario, "--out", path.join(dir, "r"), "--no-progress", "--quiet");
    expect(r.stderr).toContain("warning");
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning: no workload matches"));
    expect(warnings).toEqual([
      "warning: no workload matches 119 Jobs default/tick-<n> (first default/tick-29538721): their pods succeed after 1m0s",
    ]);
  });
});
