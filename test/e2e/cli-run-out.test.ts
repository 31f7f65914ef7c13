import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { runScenario } from "../../src/run/run.js";
import { captureOutput } from "../helpers/cli-output.js";

// The real simulation, watched: a bad --out must fail before it is called.
vi.mock("../../src/run/run.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/run/run.js")>();
  return { ...real, runScenario: vi.fn(real.runScenario) };
});
const simulate = vi.mocked(runScenario);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-out-"));
  simulate.mockClear();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SCENARIO = "scenarios/backoff-timeline.yaml";

async function run(...args: string[]) {
  const io = captureOutput();
  const code = await main(["run", SCENARIO, "--no-progress", "--quiet", ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("sim run checks --out before simulating", () => {
  it.each([
    ["at an existing file", () => ["--out", path.join(dir, "file")], /file is a file, not a folder/],
    ["empty", () => ["--out", ""], /^error: --out: expected a folder path, got an empty one$/],
    [
      "given twice",
      () => ["--out", path.join(dir, "a"), "--out", path.join(dir, "b")],
      /--out: given 2 times/,
    ],
    [
      "under /proc",
      () => ["--out", "/proc/jobsim-x"],
      /cannot create a report folder at \/proc\/jobsim-x \(ENOENT\)/,
    ],
    [
      "below a file",
      () => ["--out", path.join(dir, "file", "sub", "out")],
      /cannot create .*file\/sub\/out: .*file is not a folder/,
    ],
    [
      "at a folder holding other files",
      () => ["--out", dir],
      /holds files that are not a jobsim report \(file\); a report replaces its whole folder/,
    ],
  ])("refuses --out %s: exit 2, nothing simulated or written", async (_what, args, message) => {
    writeFileSync(path.join(dir, "file"), "mine");
    const r = await run(...args());
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stdout).toBe("");
    expect(simulate).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual(["file"]);
    expect(readFileSync(path.join(dir, "file"), "utf8")).toBe("mine");
  });

  it("writes a report with --out given once", async () => {
    const out = path.join(dir, "new", "out");
    const r = await run("--out", out);
    expect(r.code).toBe(0);
    expect(simulate).toHaveBeenCalledTimes(1);
    expect(readdirSync(path.join(dir, "new"))).toEqual(["out"]);
  });
});

describe("a run that fails leaves nothing behind", () => {
  it.each([[[]], [["--summary-only"]]])("an internal error (flags %j): exit 1, no folder", async (flags) => {
    const out = path.join(dir, "new", "out");
    simulate.mockImplementationOnce(() => {
      throw new Error("simulated fault");
    });
    const r = await run("--out", out, ...flags);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("internal error: simulated fault");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps the old report when the run fails over it", async () => {
    const out = path.join(dir, "out");
    expect((await run("--out", out)).code).toBe(0);
    const before = readFileSync(path.join(out, "report.json"));
    simulate.mockImplementationOnce(() => {
      throw new Error("simulated fault");
    });
    expect((await run("--out", out, "--summary-only")).code).toBe(1);
    expect(readFileSync(path.join(out, "report.json")).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it.each(["ENOSPC", "EDQUOT", "EROFS", "EACCES"])(
    "a write refused by the environment (%s): exit 2 naming the folder",
    async (code) => {
      const out = path.join(dir, "out");
      simulate.mockImplementationOnce(() => {
        // What a streamed CSV write meets on a full disk, a quota, a read-only or a locked folder.
        throw Object.assign(new Error(`${code}: write`), { code, syscall: "write" });
      });
      const r = await run("--out", out, "--summary-only");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: cannot write ${out}: .* \\(${code}\\)\\n$`));
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
