/**
 * bin/sim.js picks what to run: the bundle (dist/bundle/main.cjs) when it is at least as new as
 * every file under src/, else the compiled modules (dist/cli/main.js) when they are, else the
 * TypeScript sources through tsx. An edit anywhere under src/ must never be shadowed by an older
 * build. Tested on a stand-in project whose three entry points only say which one ran.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let root: string;

const say = (who: string) =>
  `async (argv) => { process.stdout.write(${JSON.stringify(who)} + " " + argv.join(" ")); return 3; }`;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "jobsim-launcher-"));
  mkdirSync(path.join(root, "bin"));
  for (const file of ["sim.js", "bundle-loader.js", "package.json"])
    copyFileSync(path.join("bin", file), path.join(root, "bin", file));
  writeFileSync(path.join(root, "package.json"), '{"type": "module"}\n');
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"), "dir");
  mkdirSync(path.join(root, "src", "cli"), { recursive: true });
  mkdirSync(path.join(root, "src", "deep", "er"), { recursive: true });
  writeFileSync(path.join(root, "src", "cli", "main.ts"), `export const main = ${say("sources")};\n`);
  writeFileSync(path.join(root, "src", "deep", "er", "leaf.ts"), "export {};\n");
  mkdirSync(path.join(root, "dist", "cli"), { recursive: true });
  writeFileSync(path.join(root, "dist", "cli", "main.js"), `export const main = ${say("compiled")};\n`);
  mkdirSync(path.join(root, "dist", "bundle"), { recursive: true });
  writeFileSync(path.join(root, "dist", "bundle", "main.cjs"), `exports.main = ${say("bundle")};\n`);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Set a file's modification time, in seconds from an arbitrary epoch. */
function at(file: string, seconds: number): void {
  const t = new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  utimesSync(path.join(root, file), t, t);
}

function sim(): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "sim.js"), "validate", "x.yaml"], {
    cwd: root,
    encoding: "utf8",
  });
  return { stdout: r.stdout, status: r.status };
}

describe("bin/sim.js", () => {
  it("runs the bundle when it is as new as every source, with the arguments and exit code", () => {
    at("src/cli/main.ts", 10);
    at("src/deep/er/leaf.ts", 10);
    at("dist/cli/main.js", 20);
    at("dist/bundle/main.cjs", 20);
    expect(sim()).toEqual({ stdout: "bundle validate x.yaml", status: 3 });
  });

  it("after an edit to a source deep in src/, runs the compiled modules if newer, else the sources", () => {
    at("src/cli/main.ts", 10);
    at("dist/bundle/main.cjs", 20);
    at("dist/cli/main.js", 40);
    at("src/deep/er/leaf.ts", 30);
    expect(sim().stdout).toBe("compiled validate x.yaml");
    at("src/deep/er/leaf.ts", 50);
    expect(sim().stdout).toBe("sources validate x.yaml");
  });
});
