/**
 * The grid on the command line: `sim validate` checks every point (and --set flags) and says how
 * many; a bad grid exits 2 with located errors and no stack trace; `sim run` runs the scenario
 * as written and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { setFlagsOf } from "../../src/cli/set-flags.js";
import { captureOutput } from "../helpers/cli-output.js";

const SCENARIO = "scenarios/backoff-grid.yaml";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-grid-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("sim validate with a grid", () => {
  it("validates every point of the shipped grid and says how many", async () => {
    const io = captureOutput();
    expect(await main(["validate", SCENARIO], io)).toBe(0);
    expect(io.stdout).toContain(`${SCENARIO}: sweep grid of 6 point(s), every one valid`);
  });

  it("adds --set axes (repeated flags, the scenario after them) and replaces the section's", async () => {
    const io = captureOutput();
    const code = await main(
      [
        "validate",
        "--set",
        "workloads[0].failure.probability=0.01,0.05",
        "--set",
        "Job/nightly-report.spec.backoffLimit=2,4,6,8",
        SCENARIO,
      ],
      io,
    );
    expect(io.stderr).toBe("");
    expect(code).toBe(0);
    expect(io.stdout).toContain("sweep grid of 24 point(s)");
  });

  it("validates the grid of a scenario read from standard input", async () => {
    const io = captureOutput();
    const stdin = Object.assign(Readable.from([readFileSync(SCENARIO, "utf8")]), { isTTY: false });
    const code = await main(["validate", "-", "--set", "spec.horizon=1h,2h"], { ...io, stdin });
    expect(io.stderr).toBe("");
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/sweep grid of 12 point\(s\), every one valid/);
  });

  it("says nothing of a grid for a scenario without one", async () => {
    const io = captureOutput();
    expect(await main(["validate", "scenarios/quickstart.yaml"], io)).toBe(0);
    expect(io.stdout).not.toContain("grid");
  });

  it("exits 2 with every located error of a bad grid, nothing on stdout", async () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(
      file,
      readFileSync(SCENARIO, "utf8")
        .replace("spec.parallelism: [10, 20, 40]", "spec.paralelism: [10, 20, 40]")
        .replace("spec.backoffLimit: [4, 6]", "spec.backoffLimit: [4, -6]"),
    );
    const io = captureOutput();
    expect(await main(["validate", file, "--set", "horizon=1h,forever"], io)).toBe(2);
    expect(io.stdout).toBe("");
    const lines = io.stderr.trim().split("\n");
    expect(lines[0]).toMatch(
      /^error: .*bad\.yaml:\d+:7 spec\.sweep\.grid\["Job\/nightly-report\.spec\.paralelism"\]: unknown field .*did you mean "spec\.parallelism"\?$/,
    );
    expect(lines[1]).toMatch(
      /bad\.yaml:\d+:\d+ spec\.sweep\.grid\["Job\/nightly-report\.spec\.backoffLimit"\]\[1\]: in points p2, p3, p6, p7, p10, p11: spec\.backoffLimit: Invalid value: -6/,
    );
    expect(lines[2]).toMatch(
      /^--set:1:12 --set\[horizon\]\[1\]: in points p1, p3, p5, p7, p9, p11: spec\.horizon: expected a duration/,
    );
    expect(lines.at(-1)).toMatch(/bad\.yaml: 3 errors$/);
    expect(io.stderr).not.toMatch(/\bat \w+ \(/);
    const second = captureOutput();
    expect(await main(["validate", SCENARIO, "--set", "horizon=1h,forever"], second)).toBe(2);
    expect(second.stderr).toMatch(
      /--set:1:\d+ --set\[horizon\]\[1\]: in points p1, p3, p5, p7, p9, p11: spec\.horizon: expected/,
    );
    const third = captureOutput();
    expect(await main(["validate", file.replace("bad", "none"), "--set", "x"], third)).toBe(2);
  });
});

describe("sim run with a grid", () => {
  it("runs the scenario as written and says so in one line", async () => {
    const io = captureOutput();
    const out = path.join(dir, "r");
    expect(await main(["run", SCENARIO, "--out", out, "--no-progress"], io)).toBe(0);
    expect(io.stdout.split("\n")[0]).toBe(
      `${SCENARIO} has a sweep grid of 6 point(s): sim run runs the scenario as written, without the grid`,
    );
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
    expect(report.jobs[0].spec?.parallelism ?? 20).toBe(20);
    expect(existsSync(path.join(out, "summary.csv"))).toBe(true);
  });

  it("refuses, like validate, a scenario one of whose grid points is invalid, and writes nothing", async () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(
      file,
      readFileSync(SCENARIO, "utf8").replace("spec.backoffLimit: [4, 6]", "spec.backoffLimit: [4, -6]"),
    );
    const io = captureOutput();
    const out = path.join(dir, "r");
    expect(await main(["run", file, "--out", out, "--no-progress"], io)).toBe(2);
    expect(io.stderr).toMatch(
      /spec\.sweep\.grid\["Job\/nightly-report\.spec\.backoffLimit"\]\[1\]: in points/,
    );
    expect(io.stderr).toMatch(/bad\.yaml: 1 error; nothing was written$/m);
    expect(existsSync(out)).toBe(false);
  });
});

describe("setFlagsOf", () => {
  it("takes nothing, one flag or repeated flags, in order", () => {
    expect(setFlagsOf(undefined)).toEqual([]);
    expect(setFlagsOf("a=1")).toEqual(["a=1"]);
    expect(setFlagsOf(["a=1", "b=2"])).toEqual(["a=1", "b=2"]);
    expect(() => setFlagsOf([1])).toThrow(/--set: expected PATH=V1,V2/);
  });
});
