/**
 * Golden outputs: the reports of every shipped scenario, produced by the real command line
 * (`sim run`, in-process) and compared byte for byte with the copies checked in under
 * test/golden/reports/<scenario>/ (report.html as its sha256 only, in digests.sha256, so the
 * goldens do not grow by a page per scenario). `npm run golden:update` rewrites them on purpose, so every intended
 * change of output shows up as a reviewed diff in the commit that causes it.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/cli-output.js";

export const SCENARIO_DIR = "scenarios";
export const GOLDEN_DIR = path.join("test", "golden", "reports");

/** The terminal summary `sim run` prints, kept beside the report files. */
export const STDOUT_FILE = "stdout.txt";
/** sha256 of every file a `--summary-only` run writes (its rows are the full run's, reordered). */
export const SUMMARY_ONLY_FILE = "summary-only.sha256";
/** Files kept as a sha256 digest in DIGEST_FILE rather than in full (report.html is a page of data and script). */
export const DIGEST_ONLY = ["report.html"];
export const DIGEST_FILE = "digests.sha256";

/** Every shipped scenario, by file name without `.yaml`, sorted. */
export function shippedScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

async function runInto(scenario: string, extra: readonly string[]): Promise<{ dir: string; stdout: string }> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "jobsim-golden-")), "out");
  const io = captureOutput();
  const code = await main(
    ["run", path.join(SCENARIO_DIR, `${scenario}.yaml`), "--out", dir, "--no-progress", ...extra],
    io,
  );
  if (code !== 0) throw new Error(`sim run ${scenario} exited ${code}: ${io.stderr}`);
  // The last line names the temporary folder; everything before it is the summary.
  const stdout = io.stdout.replace(/report written to [^\n]*\n$/, "");
  return { dir, stdout };
}

function readAll(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) files.set(name, readFileSync(path.join(dir, name), "utf8"));
  return files;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * What a scenario produces today: every report file of a full run, its terminal summary, and
 * the digests of a `--summary-only` run's files.
 */
export async function produceGolden(scenario: string): Promise<Map<string, string>> {
  const full = await runInto(scenario, []);
  const files = readAll(full.dir);
  const digested = DIGEST_ONLY.filter((name) => files.has(name));
  files.set(DIGEST_FILE, digested.map((name) => `${sha256(files.get(name)!)}  ${name}\n`).join(""));
  for (const name of digested) files.delete(name);
  files.set(STDOUT_FILE, full.stdout);
  const streamed = await runInto(scenario, ["--summary-only", "--quiet"]);
  const digests = [...readAll(streamed.dir)].map(([name, text]) => `${sha256(text)}  ${name}\n`).join("");
  files.set(SUMMARY_ONLY_FILE, digests);
  rmSync(path.dirname(full.dir), { recursive: true, force: true });
  rmSync(path.dirname(streamed.dir), { recursive: true, force: true });
  return files;
}

/** The checked-in copy, empty when the scenario has none yet. */
export function readGolden(scenario: string): Map<string, string> {
  try {
    return readAll(path.join(GOLDEN_DIR, scenario));
  } catch {
    return new Map();
  }
}
