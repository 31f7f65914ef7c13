import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { SummaryTree } from "../../src/report/types.js";
import { captureOutput } from "../helpers/cli-output.js";
import { smallReport } from "../helpers/report-fixtures.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-compare-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A report.json holding `summary`, as text (so `1e400` can be written), at dir/name. */
function reportFile(name: string, summary: SummaryTree | string): string {
  const file = path.join(dir, `${name}.json`);
  const text = typeof summary === "string" ? summary : JSON.stringify(summary);
  writeFileSync(file, JSON.stringify({ ...smallReport(), summary: "@" }).replace('"@"', text));
  return file;
}

async function compare(...args: string[]) {
  const io = captureOutput();
  const code = await main(["compare", ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const NEVER_ON_MISSING = "a gate never passes on a missing value";

describe("sim compare gates never pass on a missing value", () => {
  it("breaches duration.job.p99=+10% when every candidate Job failed (p99 null)", async () => {
    const base = reportFile("base", { jobs: { failed: 0 }, duration: { job: { p99: 120 } } });
    const cand = reportFile("cand", { jobs: { failed: 5 }, duration: { job: { p99: null } } });
    const r = await compare(base, cand, "--threshold", "duration.job.p99=+10%");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAIL  duration.job.p99=+10%: the candidate has no value (null): ${NEVER_ON_MISSING}`,
    );
    expect(r.stdout).toContain("1 of 1 thresholds breached.");
    expect(r.stdout).not.toContain("No threshold breached");
  });

  it("breaches jobs.failed=0 when the candidate's value is null or reads as Infinity", async () => {
    const base = reportFile("base", { jobs: { failed: 0 } });
    const nul = await compare(
      base,
      reportFile("null", { jobs: { failed: null } }),
      "--threshold",
      "jobs.failed=0",
    );
    expect(nul.code).toBe(1);
    const inf = await compare(
      base,
      reportFile("inf", '{"jobs": {"failed": 1e400}}'),
      "--threshold",
      "jobs.failed=0",
    );
    expect(inf.code).toBe(1);
    expect(inf.stdout).toContain(
      `FAIL  jobs.failed=0: the candidate value is not finite (Infinity): ${NEVER_ON_MISSING}`,
    );
  });

  it("breaches a gate on a metric only one report has", async () => {
    const base = reportFile("base", { jobs: { failed: 0 }, retries: 2 });
    const cand = reportFile("cand", { jobs: { failed: 0 } });
    const r = await compare(base, cand, "--threshold", "retries=+1");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAIL  retries=+1: the candidate report lacks the metric: ${NEVER_ON_MISSING}`,
    );
  });

  it("still prints ungated metrics without data as - and passes", async () => {
    const base = reportFile("base", { jobs: { failed: 0 }, wait: { pod: { p99: null } } });
    const r = await compare(base, base, "--threshold", "jobs.failed=0", "--all");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wait\.pod\.p99\s+-\s+-\s+-\s+-\n/);
    expect(r.stdout).toContain("No threshold breached (1 checked).");
  });

  it("gates real runs: a Job that always fails has no p99", async () => {
    const a = path.join(dir, "a");
    const b = path.join(dir, "b");
    for (const out of [a, b]) {
      const args = ["run", "scenarios/backoff-timeline.yaml", "--out", out, "--quiet", "--no-progress"];
      expect(await main(args, captureOutput())).toBe(0);
    }
    expect((await compare(a, b, "--threshold", "duration.job.p99=+10%")).code).toBe(1);
    expect((await compare(a, b, "--threshold", "jobs.failed=1")).code).toBe(0);
  });

  it("is a usage error (2) to gate a metric neither report has, naming the nearest", async () => {
    const base = reportFile("base", { jobs: { failed: 0, created: 3 }, retries: 1 });
    const r = await compare(base, base, "--threshold", "jobs.faild=0");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: threshold "jobs.faild=0": neither report has a metric jobs.faild (nearest: jobs.failed, jobs.created, retries)\n',
    );
    expect(r.stdout).toBe("");
  });
});

describe("sim compare on malformed reports exits 2 and quotes nothing of the file", () => {
  const SECRET = "hunter2-secret";

  it.each([
    ["not JSON", `{"token": ${SECRET}}`, /is not valid JSON$/],
    ["not a jobsim report", `{"kind": "Secret", "data": "${SECRET}"}`, /is not a jobsim report/],
    [
      "a summary of the wrong shape",
      "summary",
      /summary metric jobs\.failed must be a number or null, not a string$/,
    ],
    ["nested 10,000 levels deep", "deep", /"summary" nests deeper than 16 levels/],
    ["an empty file", "", /is not valid JSON \(the file is empty\)$/],
  ])("%s", async (_what, content, message) => {
    let text = content;
    if (content === "summary")
      text = JSON.stringify({ ...smallReport(), summary: { jobs: { failed: SECRET } } });
    if (content === "deep") {
      text = JSON.stringify({ ...smallReport(), summary: "@" }).replace(
        '"@"',
        `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
      );
    }
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, text);
    const good = reportFile("good", { jobs: { failed: 0 } });
    for (const args of [
      [good, bad],
      [bad, good],
    ]) {
      const r = await compare(...args, "--threshold", "jobs.failed=0");
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n")[0]).toMatch(message);
      expect(r.stderr).not.toContain(SECRET);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    }
  });

  it("refuses a device and a FIFO at once (regular files only)", async () => {
    const good = reportFile("good", { jobs: { failed: 0 } });
    const zero = await compare("/dev/zero", good);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe("error: cannot read report /dev/zero: is not a regular file\n");
    const fifo = path.join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    expect((await compare(good, fifo)).code).toBe(2);
    const folder = path.join(dir, "folder");
    mkdirSync(folder);
    execFileSync("mkfifo", [path.join(folder, "report.json")]);
    expect((await compare(good, folder)).code).toBe(2);
  });

  it("refuses /dev/zero from the real command without hanging", () => {
    // A hang would end in the timeout's SIGTERM, not exit 2.
    const r = spawnSync("node", ["bin/sim.js", "compare", "/dev/zero", "/dev/zero"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: cannot read report /dev/zero: is not a regular file\n");
  });
});
