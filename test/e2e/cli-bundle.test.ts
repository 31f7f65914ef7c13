import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The bundled CLI (dist/bundle/, built by `npm run build`) is what bin/sim.js runs when it is as
 * new as src/. Skipped when it is older than a source (it would test other code); `npm ci`
 * builds it fresh.
 */
const bundle = path.resolve("dist/bundle/main.js");
const newest = (folder: string): number =>
  Math.max(
    ...readdirSync(folder, { withFileTypes: true }).map((e) => {
      const at = path.join(folder, e.name);
      return e.isDirectory() ? newest(at) : statSync(at).mtimeMs;
    }),
  );
const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= newest("src");

/** `sim <args>` through the bundle's main, as bin/sim.js calls it. */
function simBundled(args: string[]) {
  const script = `
    const { main } = await import(${JSON.stringify(bundle)});
    process.exitCode = await main(${JSON.stringify(args)});`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
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
});
