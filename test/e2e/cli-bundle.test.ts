import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The bundled CLI (dist/bundle/main.cjs and its code cache, built by `npm run build`) is what
 * bin/sim.js runs when it is as new as src/. Skipped when it is older than a source (it would test
 * other code); `npm ci` builds it fresh.
 */
const bundle = path.resolve("dist/bundle/main.cjs");
const loader = path.resolve("bin/bundle-loader.js");
const newest = (folder: string): number =>
  Math.max(
    ...readdirSync(folder, { withFileTypes: true }).map((e) => {
      const at = path.join(folder, e.name);
      return e.isDirectory() ? newest(at) : statSync(at).mtimeMs;
    }),
  );
const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= newest("src");

/**
 * `sim <args>` through `file`'s main, loaded as bin/sim.js loads it (with the code cache beside
 * it); stderr's last line says whether V8 took the cache ("cache: taken", "refused" or "none").
 */
function simBundled(args: string[], file = bundle) {
  const script = `
    const { loadBundle } = await import(${JSON.stringify(loader)});
    const { exports, script } = loadBundle(${JSON.stringify(file)}, ${JSON.stringify(`${file}.cache`)});
    process.exitCode = await exports.main(${JSON.stringify(args)});
    const cache = script.cachedDataRejected === undefined ? "none" : script.cachedDataRejected ? "refused" : "taken";
    process.stderr.write("cache: " + cache + "\\n");`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const lines = r.stderr.split("\n");
  return { ...r, stderr: lines.slice(0, -2).join("\n"), cache: lines.at(-2)?.replace("cache: ", "") };
}

/** What the TypeScript sources print for `args` (through tsx). */
function sourcesHelp(args: string[]): string {
  const script = `
    const { main } = await import(${JSON.stringify(path.resolve("src/cli/main.ts"))});
    let help = "";
    await main(${JSON.stringify(args)}, { out: (t) => { help += t; }, err() {} });
    process.stdout.write(help);`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return r.stdout;
}

describe.skipIf(!fresh)("the bundled CLI", () => {
  it("starts sweep workers from beside itself: two workers give the one thread's report", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "jobsim-bundle-"));
    try {
      const sweepWith = (workers: number) => {
        const out = path.join(dir, `w${workers}`);
        const r = simBundled([
          "sweep",
          "scenarios/quickstart.yaml",
          "--seeds",
          "4",
          "--workers",
          String(workers),
          "--out",
          out,
          "--quiet",
        ]);
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        return readFileSync(path.join(out, "sweep.json"), "utf8");
      };
      expect(sweepWith(2)).toBe(sweepWith(1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a bad scenario as the sources do: located, exit 2", () => {
    const r = simBundled(["validate", "test/fixtures/does-not-exist.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: test\/fixtures\/does-not-exist\.yaml:1:1 /);
  });

  it("lays out help with no Intl.Segmenter (string-width's fast path for ASCII), as the sources do", () => {
    const script = `
      let built = 0;
      Intl.Segmenter = class extends Intl.Segmenter { constructor(...a) { built++; super(...a); } };
      const { loadBundle } = await import(${JSON.stringify(loader)});
      const { main } = loadBundle(${JSON.stringify(bundle)}, undefined).exports;
      let help = "";
      await main(["run", "--help"], { out: (t) => { help += t; }, err() {} });
      await main(["validate", "scenarios/quickstart.yaml"], { out() {}, err() {} });
      process.stdout.write(JSON.stringify({ built, help }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const { built, help } = JSON.parse(r.stdout) as { built: number; help: string };
    expect(built).toBe(0);
    expect(help).toContain("--summary-only");
    expect(help).toBe(sourcesHelp(["run", "--help"]));
  });

  it("starts from its code cache, and without it (another build's or a damaged one) does the same", () => {
    const args = ["validate", "scenarios/quickstart.yaml"];
    const cached = simBundled(args);
    expect(cached.cache).toBe("taken");
    expect(cached.status).toBe(0);
    expect(cached.stdout).toContain("valid");
    const dir = mkdtempSync(path.join(tmpdir(), "jobsim-bundle-"));
    try {
      const copy = path.join(dir, "main.cjs");
      copyFileSync(bundle, copy);
      copyFileSync(`${bundle}.cache`, `${copy}.cache`);
      // Another build of the bundle (the same length, so V8 would not notice): the cache made for
      // this one is not offered to V8.
      writeFileSync(copy, readFileSync(bundle, "utf8").replace(/jobsim-build [0-9a-f]/, "jobsim-build x"));
      const rebuilt = simBundled(args, copy);
      expect(rebuilt.cache).toBe("none");
      // A cache whose header fits but whose bytes are not V8's: V8 refuses it.
      copyFileSync(bundle, copy);
      const cache = readFileSync(`${bundle}.cache`);
      writeFileSync(
        `${copy}.cache`,
        Buffer.concat([cache.subarray(0, cache.indexOf(10) + 1), Buffer.from("garbage")]),
      );
      const damaged = simBundled(args, copy);
      expect(damaged.cache).toBe("refused");
      for (const r of [rebuilt, damaged]) {
        expect(r.status).toBe(cached.status);
        expect(r.stdout).toBe(cached.stdout);
        expect(r.stderr).toBe(cached.stderr);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
