// `node scripts/train-code-cache.mjs dist/bundle/main.cjs` (run by scripts/bundle-cli.mjs): load
// the bundle as bin/sim.js does, run the commands a newcomer starts with (help, validate and run
// of the quickstart, their output discarded, the report written to a temporary folder), then
// write the bundle's code cache, which then holds the functions those commands compiled too.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { codeCacheOf, loadBundle } from "../bin/bundle-loader.js";

const bundle = resolve(process.argv[2]);
const { exports, script, source } = loadBundle(bundle, undefined);
const silent = { out() {}, err() {} };
const scenario = "scenarios/quickstart.yaml";
const dir = mkdtempSync(join(tmpdir(), "jobsim-train-"));
try {
  await exports.main(["--help"], silent);
  if (existsSync(scenario)) {
    await exports.main(["validate", scenario], silent);
    await exports.main(["run", scenario, "--out", join(dir, "report"), "--no-progress"], silent);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(`${bundle}.cache`, codeCacheOf(source, script));
