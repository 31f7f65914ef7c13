/**
 * `sim run -` and `sim validate -`: the scenario comes from standard input (a pipe), read up to a
 * scenario file's size limit and refused beyond; the files it names resolve against the current
 * folder and stay inside it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { readStdin } from "../../src/io/read-stdin.js";
import { captureOutput } from "../helpers/cli-output.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-stdin-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The imported fixture's scenario as a user in the repository root would pipe it. */
const FROM_ROOT = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: piped}
spec:
  start: "2026-03-04T09:30:00Z"
  horizon: 2h
  manifests: [test/fixtures/scenarios/imported/live/]
`;

function withStdin(chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>, isTTY = false) {
  const io = captureOutput();
  const stdin = Object.assign(Readable.from(chunks), { isTTY });
  return { io, stdin, all: { ...io, stdin } };
}

describe("a scenario on standard input", () => {
  it("validates, with its manifests relative to the current folder", async () => {
    const { io, all } = withStdin([FROM_ROOT]);
    expect(await main(["validate", "-"], all)).toBe(0);
    expect(io.stdout).toBe("<stdin>: valid (2 Job(s), 2 CronJob(s), 0 workload(s), 0 action(s))\n");
    expect(io.stderr).toContain(
      "warning: test/fixtures/scenarios/imported/live/dump.yaml:198:5 items[3].status: 1 Job carries",
    );
  });

  it("runs and writes the report, the same as from the file", async () => {
    const out = path.join(dir, "r");
    const { io, all } = withStdin([FROM_ROOT.slice(0, 40), FROM_ROOT.slice(40)]);
    expect(await main(["run", "-", "--out", out, "--quiet"], all)).toBe(0);
    expect(io.stdout).toBe(`report written to ${out}/\n`);
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
    expect(report.scenario.name).toBe("piped");
    expect(report.jobs.map((j: { name: string }) => j.name)).toContain("backfill-x7k2p");
  });

  it("locates errors in <stdin> and confines named files to the current folder", async () => {
    const { io, all } = withStdin([FROM_ROOT.replace("test/fixtures/scenarios/imported/live/", "/etc/")]);
    expect(await main(["run", "-", "--out", path.join(dir, "r")], all)).toBe(2);
    expect(io.stderr).toBe(
      "error: <stdin>:7:15 spec.manifests[0]: cannot read /etc/: is outside the current folder (./): a scenario read from standard input may name only files inside the current folder, symbolic links included\n<stdin>: 1 error; nothing was written\n",
    );
  });

  it("refuses a terminal instead of waiting for typing", async () => {
    const { io, all } = withStdin([FROM_ROOT], true);
    expect(await main(["validate", "-"], all)).toBe(2);
    expect(io.stderr).toBe(
      "error: cannot read the scenario from standard input: standard input is a terminal: pipe a scenario in (sim run - < scenario.yaml)\n",
    );
  });

  it("reads a real pipe (the built command)", () => {
    const r = spawnSync("node", ["bin/sim.js", "validate", "-"], { input: FROM_ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("<stdin>: valid (2 Job(s), 2 CronJob(s), 0 workload(s), 0 action(s))\n");
  });
});

describe("readStdin", () => {
  it("stops reading an endless stream just past the limit and refuses it", async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 1000;
        yield Buffer.alloc(1000, 0x61);
      }
    }
    await expect(readStdin(endless(), 10_000)).rejects.toThrow("is larger than the");
    expect(produced).toBe(11_000);
  });

  it("accepts exactly the limit, in chunks split inside a UTF-8 character", async () => {
    const text = "é".repeat(5); // 10 bytes
    const bytes = Buffer.from(text, "utf8");
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3)];
    expect(await readStdin(Readable.from(chunks), 10)).toBe(text);
    await expect(readStdin(Readable.from(chunks), 9)).rejects.toMatchObject({ problem: "too-large" });
  });

  it("refuses more than a scenario file's limit through the CLI, saying nothing was written", async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    const { io, all } = withStdin(
      (function* () {
        for (let i = 0; i < 40; i++) yield mib;
      })(),
    );
    expect(await main(["run", "-", "--out", path.join(dir, "r")], all)).toBe(2);
    expect(io.stderr).toBe(
      "error: cannot read the scenario from standard input: is larger than the 32 MiB limit; nothing was written\n",
    );
  });
});
