import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { FileReadError } from "../../../src/io/read-regular-file.js";
import {
  MAX_DATA_FILE_BYTES,
  MAX_MANIFEST_ENTRIES,
  MAX_SCENARIO_BYTES,
  MAX_YAML_FILE_BYTES,
} from "../../../src/scenario/limits.js";
import { loadScenario } from "../../../src/scenario/load.js";
import { type FileAccess, ScenarioFiles } from "../../../src/scenario/scenario-files.js";
import { captureOutput } from "../../helpers/cli-output.js";
import { errorsOf, jobDoc, memFs, SIM_HEAD, scenarioOf } from "./mem-fs.js";

/** In every file outside the scenario's folder: no message may ever show it. */
const SECRET = "root:x:0:0:hunter2";

let dir: string;
let scenario: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-files-"));
  mkdirSync(path.join(dir, "sc", "deploy"), { recursive: true });
  mkdirSync(path.join(dir, "outside"));
  writeFileSync(path.join(dir, "outside", "passwd.yaml"), `${SECRET}\n`);
  writeFileSync(path.join(dir, "outside", "data.csv"), `${SECRET}\n1\n`);
  scenario = path.join(dir, "sc", "s.yaml");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  writeFileSync(path.join(dir, "sc", rel), text);
}

/** A scenario naming `manifests` and an optional empirical CSV. */
function scenarioText(manifests: string[], csv?: string): string {
  const workloads =
    csv === undefined
      ? ""
      : `  workloads:\n    - match: {}\n      duration: {empirical: {file: ${JSON.stringify(csv)}}}\n`;
  return `${SIM_HEAD}spec:\n  manifests: ${JSON.stringify(manifests)}\n${workloads}`;
}

function loadErrors(manifests: string[], csv?: string): string[] {
  write("s.yaml", scenarioText(manifests, csv));
  const errors = errorsOf(loadScenario(scenario));
  for (const e of errors) expect(e).not.toContain("hunter2");
  return errors.map((e) => e.replaceAll(`${dir}/`, "<tmp>/"));
}

const OUTSIDE =
  "is outside the scenario's folder (<tmp>/sc/): a scenario may name only files inside the folder that holds it, symbolic links included";

describe("files a scenario names stay inside its folder tree", () => {
  it("refuses ../ and absolute paths, for manifests and for an empirical CSV", () => {
    expect(loadErrors(["../outside/passwd.yaml"])).toEqual([
      `<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/outside/passwd.yaml: ${OUTSIDE}`,
    ]);
    expect(loadErrors([path.join(dir, "outside")])).toEqual([
      `<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/outside: ${OUTSIDE}`,
    ]);
    expect(loadErrors([], "../outside/data.csv")).toEqual([
      `<tmp>/sc/s.yaml:9:36 spec.workloads[0].duration.empirical.file: cannot read <tmp>/outside/data.csv: ${OUTSIDE}`,
    ]);
    expect(loadErrors(["/etc/passwd"])[0]).toContain(`cannot read /etc/passwd: ${OUTSIDE}`);
    expect(loadErrors([], "/proc/self/environ")[0]).toContain(`cannot read /proc/self/environ: ${OUTSIDE}`);
  });

  it("follows symbolic links before deciding: a linked file or folder leading out is refused", () => {
    symlinkSync(path.join(dir, "outside", "passwd.yaml"), path.join(dir, "sc", "link.yaml"));
    expect(loadErrors(["link.yaml"])).toEqual([
      `<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/sc/link.yaml: ${OUTSIDE}`,
    ]);
    // Inside a folder walk, a linked folder (any name) and a linked .yaml file are checked too.
    symlinkSync(path.join(dir, "outside"), path.join(dir, "sc", "deploy", "shared"));
    symlinkSync("/etc/passwd", path.join(dir, "sc", "deploy", "users.yaml"));
    expect(loadErrors(["deploy/"])).toEqual([
      `<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/sc/deploy/shared: ${OUTSIDE}`,
      `<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/sc/deploy/users.yaml: ${OUTSIDE}`,
    ]);
  });

  it("walks linked folders inside the tree once, even through a link back up", () => {
    mkdirSync(path.join(dir, "sc", "deploy", "jobs"));
    write("deploy/jobs/a.yaml", jobDoc("a"));
    symlinkSync("..", path.join(dir, "sc", "deploy", "jobs", "up"));
    symlinkSync("jobs", path.join(dir, "sc", "deploy", "again"));
    symlinkSync("a.yaml", path.join(dir, "sc", "deploy", "jobs", "b.yaml"));
    write("s.yaml", scenarioText(["deploy/", "deploy/jobs/a.yaml"]));
    expect(scenarioOf(loadScenario(scenario)).jobs.map((j) => j.metadata.name)).toEqual(["a"]);
  });

  it("shows nothing of a file named as the scenario that is not one", () => {
    const file = path.join(dir, "outside", "passwd.yaml");
    expect(errorsOf(loadScenario(file)).map((e) => e.replaceAll(`${dir}/`, "<tmp>/"))).toEqual([
      "<tmp>/outside/passwd.yaml:1:1 expected one Simulation document (apiVersion: jobsim.dev/v1alpha1, kind: Simulation), found none",
    ]);
    writeFileSync(file, `apiVersion: v1\nkind: "${SECRET}"\n---\n- ${SECRET}\n---\n${SECRET}\n`);
    for (const e of errorsOf(loadScenario(file))) expect(e).not.toContain("hunter2");
  });

  it("skips a manifests file that is not a manifest, naming it but never echoing it", () => {
    write("deploy/notes.yaml", `${SECRET}\n`);
    write("s.yaml", scenarioText(["deploy/"]));
    const result = loadScenario(scenario);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.scenario.warnings.map((w) => w.replaceAll(`${dir}/`, "<tmp>/"))).toEqual([
      "<tmp>/sc/s.yaml:6:15 spec.manifests[0]: skipped 1 file of spec.manifests holding documents that are no Kubernetes object (no kind, as in a Helm values.yaml): <tmp>/sc/deploy/notes.yaml",
    ]);
  });
});

describe("only regular files, within limits", () => {
  it("refuses a FIFO at once instead of waiting for a writer", () => {
    execFileSync("mkfifo", [path.join(dir, "sc", "deploy", "pipe.yaml")]);
    expect(loadErrors(["deploy/"])).toEqual([
      "<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/sc/deploy/pipe.yaml: is not a regular file",
    ]);
  });

  it("refuses a device named as the scenario, and a link to one inside the tree", () => {
    expect(errorsOf(loadScenario("/dev/zero"))).toEqual([
      "/dev/zero:1:1 cannot read the scenario: is not a regular file",
    ]);
    symlinkSync("/dev/zero", path.join(dir, "sc", "zero.yaml"));
    expect(loadErrors(["zero.yaml"])[0]).toContain(`cannot read <tmp>/sc/zero.yaml: ${OUTSIDE}`);
  });

  it(`refuses a YAML file over ${MAX_YAML_FILE_BYTES} bytes without parsing it`, () => {
    write("deploy/big.yaml", `# ${"x".repeat(MAX_YAML_FILE_BYTES)}\n`);
    expect(loadErrors(["deploy/big.yaml"])).toEqual([
      "<tmp>/sc/s.yaml:6:15 spec.manifests[0]: cannot read <tmp>/sc/deploy/big.yaml: is larger than the 32 MiB limit",
    ]);
  });
});

/** A fake file system: `files` by path, each readDir listing `listing` for folders named in it. */
function access(files: Record<string, string>, folders: Record<string, string[]> = {}): FileAccess {
  return {
    readFile(p) {
      const text = files[p];
      if (text === undefined) throw new FileReadError(p, "missing", "no such file");
      return text;
    },
    readDir: (p) => folders[p] ?? null,
    realpath: (p) => path.posix.normalize(p),
  };
}

describe("ScenarioFiles totals", () => {
  it("stops a manifests walk after the entry limit", () => {
    const names = Array.from({ length: MAX_MANIFEST_ENTRIES + 1 }, (_, i) => `n${i}.txt`);
    const opened = ScenarioFiles.open("s/x.yaml", access({ "s/x.yaml": "" }, { "s/deploy": names }));
    if ("error" in opened) throw new Error(opened.error);
    expect(opened.files.manifestFiles("s/x.yaml", "deploy")).toEqual({
      files: [],
      errors: [
        `more than ${MAX_MANIFEST_ENTRIES} files and folders under spec.manifests (the limit); name smaller folders`,
      ],
    });
  });

  it("bounds the bytes of all the scenario's files together, and each data file", () => {
    const big = "x".repeat(MAX_DATA_FILE_BYTES / 2 + 1);
    const fs = access({ "s/x.yaml": "", "s/a.csv": big, "s/b.csv": big, "s/huge.csv": `${big}${big}` });
    const opened = ScenarioFiles.open("s/x.yaml", fs);
    if ("error" in opened) throw new Error(opened.error);
    expect(opened.files.readData("s/x.yaml", "huge.csv")).toEqual({
      error: "cannot read s/huge.csv: is larger than the 64 MiB limit",
    });
    expect("text" in opened.files.readData("s/x.yaml", "a.csv")).toBe(true);
    expect(MAX_SCENARIO_BYTES).toBeLessThan(2 * big.length);
    expect(opened.files.readData("s/x.yaml", "b.csv")).toEqual({
      error: "cannot read s/b.csv: the scenario's files together are larger than the 64 MiB limit",
    });
  });
});

describe("sim CLI on hostile scenarios", () => {
  it("exits 2 at once, writes nothing and quotes nothing", async () => {
    execFileSync("mkfifo", [path.join(dir, "sc", "pipe.yaml")]);
    const cases = [
      scenarioText(["../outside/passwd.yaml"]),
      scenarioText(["pipe.yaml"]),
      scenarioText([], "../outside/data.csv"),
      `${SIM_HEAD}spec:\n  x: ${"[".repeat(2000)}${"]".repeat(2000)}\n`,
    ];
    for (const text of cases) {
      write("s.yaml", text);
      const io = captureOutput();
      const out = path.join(dir, "report");
      expect(await main(["run", scenario, "--out", out, "--no-progress"], io)).toBe(2);
      expect(existsSync(out)).toBe(false);
      expect(io.stderr).toMatch(/^error: .*\n.*: 1 error; nothing was written\n$/);
      expect(io.stderr).not.toContain("hunter2");
    }
    const io = captureOutput();
    expect(await main(["run", "/dev/zero", "--no-progress"], io)).toBe(2);
    expect(io.stderr).toBe(
      "error: /dev/zero:1:1 cannot read the scenario: is not a regular file\n/dev/zero: 1 error; nothing was written\n",
    );
  });
});

describe("ScenarioFiles confinement (a property)", () => {
  it("never resolves a named path outside the scenario's folder, however it is spelled", () => {
    const segment = fc.constantFrom("..", ".", "s", "a", "b.csv", "", "/");
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.boolean(), (parts, absolute) => {
        const rel = `${absolute ? "/" : ""}${parts.join("/")}`;
        const named: string[] = [];
        const fs: FileAccess = {
          readFile: (p) => {
            named.push(p);
            return "t\n1\n";
          },
          readDir: () => null,
          realpath: (p) => path.posix.normalize(p),
        };
        const opened = ScenarioFiles.open("s/x.yaml", fs);
        if ("error" in opened) throw new Error(opened.error);
        const read = opened.files.readData("s/x.yaml", rel);
        const inside = named.slice(1).every((p) => p === "s" || p.startsWith("s/"));
        expect(inside).toBe(true);
        if ("error" in read) expect(read.error).toMatch(/is outside the scenario's folder \(s\/\)/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("loadScenario value budget", () => {
  it("counts the values of the scenario and of its manifests files together", () => {
    const limit = 1000;
    const list = (n: number) => `[${Array.from({ length: n }, () => "1").join(",")}]`;
    const half = limit / 2;
    const text = `${SIM_HEAD}spec:\n  manifests: [big.yaml]\n  x: ${list(half)}\n`;
    const fs = memFs({ "scenarios/test.yaml": text, "scenarios/big.yaml": `items: ${list(half)}\n` });
    const errors = errorsOf(loadScenario("scenarios/test.yaml", { ...fs, maxYamlValues: limit }));
    // The scenario holds 13 values besides its list; big.yaml's `items` and `[` are two more, so
    // the value over the limit is its (left - 1)th `1`, each two columns after `items: [`.
    const left = limit - 13 - half;
    expect(errors).toEqual([
      expect.stringMatching(/^scenarios\/test\.yaml:7:3 spec\.x: unknown field/),
      `scenarios/big.yaml:1:${9 + 2 * (left - 2)} too many values: more than ${limit} in the scenario's YAML files together (the limit)`,
    ]);
  });
});
