/**
 * The command line's contract on one input, checked through `main()` in-process: `validate` and
 * `run` exit 0 or 2 only; stderr never says "internal error" nor shows a stack trace; on exit 2
 * every error line is located (`FILE:LINE:COL PATH: message`, the form of ScenarioError.format)
 * or a documented usage error, and nothing is written; on exit 0 report.json parses, and the run
 * gives the same bytes when repeated.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/cli-output.js";

/** One input for the command line. */
export interface FuzzCase {
  /** The scenario file's content (a string is written as UTF-8). */
  text: string | Uint8Array;
  /** Also run a second time and compare every report file byte for byte. */
  checkDeterminism: boolean;
  /** Extra `run` flags: `--summary-only`, `--seed VALUE` (any text, valid or not). */
  runFlags?: RunFlags;
}

export interface RunFlags {
  summaryOnly: boolean;
  seed: string | null;
}

/** What happened to one case; `violations` is empty when the contract held. */
export interface ContractOutcome {
  violations: string[];
  validateCode: number;
  runCode: number;
  /** The first line `run` wrote on stderr ("" when none). */
  runFirstErrorLine: string;
  /** Wall time of the whole case, for finding slow inputs (never asserted on). */
  millis: number;
  /** Commands and their stderr, for a readable failure. */
  transcript: string;
}

/**
 * Non-located errors the CLI documents (docs/report-contract.md): flag problems, yargs usage
 * errors, and a run stopped by --max-events.
 */
const USAGE_ERROR_LINES = [
  /^--[a-z][a-z-]*: /,
  /^Unknown arguments?: /,
  /^Run 'sim --help' for usage\.$/,
  /^stopped at --max-events \d+: the run needs more events; .*; nothing was written$/,
];

/**
 * Every fuzzed run is bounded by --max-events, so a generated scenario that would simulate for
 * minutes ends with the documented exit 2 instead of stalling the suite.
 */
export const FUZZ_MAX_EVENTS = 1_000_000;

/** `FILE:LINE:COL rest`; dotAll because an escaped message may still hold U+2028, which `.` skips. */
const LOCATED_LINE = /^(.+):(\d+):(\d+) (.+)$/s;

interface Invocation {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

async function invoke(argv: string[]): Promise<Invocation> {
  const io = captureOutput();
  const code = await main(argv, io);
  return { argv, code, stdout: io.stdout, stderr: io.stderr };
}

/** Lines of `text` as a YAML parser may count them (any of \n, \r\n, \r ends a line). */
function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/**
 * Problems with the stderr of one command: crash signs always; on exit 0 anything but warnings;
 * on exit 2 any line that is neither located, nor the closing count, nor a usage error.
 */
export function stderrViolations(inv: Invocation, file: string, text: string, summaryTail: string): string[] {
  const out: string[] = [];
  const what = inv.argv[0];
  if (inv.stderr.includes("internal error")) out.push(`${what}: stderr says "internal error"`);
  if (/^ {4}at /m.test(inv.stderr)) out.push(`${what}: stderr shows a stack trace`);
  const lines = inv.stderr.split("\n");
  if (lines.at(-1) !== "") out.push(`${what}: stderr does not end with a newline`);
  lines.pop();
  if (inv.code === 0) {
    for (const line of lines) {
      if (!line.startsWith("warning: ")) out.push(`${what}: exit 0 with a non-warning stderr line: ${line}`);
    }
    return out;
  }
  if (inv.code !== 2) return out;
  if (lines.length === 0 || !lines[0]!.startsWith("error: ")) {
    out.push(`${what}: exit 2 but stderr does not start with "error: "`);
  }
  let located = 0;
  const maxLine = lineCount(text);
  const lineLengths = text.split("\n").map((l) => l.length);
  const countLine = new RegExp(`^${escapeRegExp(file)}: (\\d+) errors?${escapeRegExp(summaryTail)}$`);
  // A full report too large for memory is refused before the run (estimate.ts fullReportRefusal).
  const refusal = new RegExp(
    `^${escapeRegExp(file)}: a full report would need about .*; nothing was written$`,
  );
  for (const [i, raw] of lines.entries()) {
    const line = i === 0 ? raw.replace(/^error: /, "") : raw;
    if (line.startsWith("warning: ")) continue;
    if (refusal.test(line)) continue;
    const count = countLine.exec(line);
    if (count) {
      if (Number(count[1]) !== located) {
        out.push(`${what}: the closing line counts ${count[1]} errors, ${located} were printed`);
      }
      continue;
    }
    const loc = LOCATED_LINE.exec(line);
    if (loc) {
      located++;
      const [, where, lineNo, col] = loc;
      if (where === file && (Number(lineNo) < 1 || Number(lineNo) > maxLine || Number(col) < 1)) {
        out.push(`${what}: location ${lineNo}:${col} is outside the file (${maxLine} lines): ${line}`);
      } else if (where === file && Number(col) > (lineLengths[Number(lineNo) - 1] ?? 0) + 1) {
        out.push(`${what}: column ${col} is past the end of line ${lineNo}: ${line}`);
      }
      continue;
    }
    if (USAGE_ERROR_LINES.some((re) => re.test(line))) continue;
    out.push(`${what}: exit 2 with an error line that is not located: ${JSON.stringify(line)}`);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every file of a report folder, by name. */
function folderFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) files.set(name, readFileSync(path.join(dir, name)));
  return files;
}

function sameFolders(a: Map<string, Buffer>, b: Map<string, Buffer>): string | null {
  const names = [...a.keys()].join(",");
  if (names !== [...b.keys()].join(",")) return `file lists differ: ${names} vs ${[...b.keys()].join(",")}`;
  for (const [name, bytes] of a) if (!bytes.equals(b.get(name)!)) return `${name} differs`;
  return null;
}

function runViolations(inv: Invocation, out: string): string[] {
  const problems: string[] = [];
  if (inv.code === 2 && existsSync(out)) problems.push("run: exit 2 but the --out folder exists");
  if (inv.code !== 0) return problems;
  const json = path.join(out, "report.json");
  if (!existsSync(json)) return [...problems, "run: exit 0 but no report.json"];
  try {
    JSON.parse(readFileSync(json, "utf8"));
  } catch (error) {
    problems.push(`run: report.json does not parse: ${(error as Error).message}`);
  }
  if (!inv.stdout.includes(`report written to ${out}/`)) problems.push("run: stdout does not say where");
  return problems;
}

/** Run `validate` and `run` on one case in a fresh folder under `workDir` and check the contract. */
export async function checkCliContract(workDir: string, input: FuzzCase): Promise<ContractOutcome> {
  mkdirSync(workDir, { recursive: true });
  const caseDir = mkdtempSync(path.join(workDir, "case-"));
  const started = performance.now();
  try {
    const file = path.join(caseDir, "scenario.yaml");
    writeFileSync(file, input.text);
    const text = readFileSync(file, "utf8");
    const violations: string[] = [];

    const validate = await invoke(["validate", file]);
    if (validate.code !== 0 && validate.code !== 2) violations.push(`validate: exit ${validate.code}`);
    violations.push(...stderrViolations(validate, file, text, ""));
    if (validate.code === 0 && !validate.stdout.startsWith(`${file}: valid (`)) {
      violations.push("validate: exit 0 without saying valid");
    }
    const left = readdirSync(caseDir);
    if (left.length !== 1) violations.push(`validate wrote files: ${left.join(", ")}`);

    const out = path.join(caseDir, "out");
    const flags = input.runFlags ?? { summaryOnly: false, seed: null };
    const runArgs = (dir: string) => [
      "run",
      file,
      "--out",
      dir,
      "--no-progress",
      "--quiet",
      `--max-events=${FUZZ_MAX_EVENTS}`,
      ...(flags.summaryOnly ? ["--summary-only"] : []),
      ...(flags.seed !== null ? [`--seed=${flags.seed}`] : []),
    ];
    const run = await invoke(runArgs(out));
    if (run.code !== 0 && run.code !== 2) violations.push(`run: exit ${run.code}`);
    violations.push(...stderrViolations(run, file, text, "; nothing was written"));
    violations.push(...runViolations(run, out));
    if (validate.code === 2 && run.code !== 2)
      violations.push(`validate rejected it but run exited ${run.code}`);
    if (validate.code === 2 && run.code === 2 && flags.seed === null) {
      const expected = validate.stderr.replace(
        / errors?\n$/,
        (tail) => `${tail.slice(0, -1)}; nothing was written\n`,
      );
      if (run.stderr !== expected) violations.push("validate and run report different errors");
    }

    let again: Invocation | null = null;
    if (run.code === 0 && input.checkDeterminism) {
      const out2 = path.join(caseDir, "out-again");
      again = await invoke(runArgs(out2));
      if (again.code !== 0) violations.push(`second run: exit ${again.code}`);
      else {
        const diff = sameFolders(folderFiles(out), folderFiles(out2));
        if (diff !== null) violations.push(`not deterministic: ${diff}`);
      }
    }
    const transcript = [validate, run, ...(again ? [again] : [])]
      .map((inv) => `$ sim ${inv.argv.join(" ")}\nexit ${inv.code}\n${inv.stderr.slice(0, 4000)}`)
      .join("\n");
    return {
      violations,
      validateCode: validate.code,
      runCode: run.code,
      runFirstErrorLine: run.stderr.split("\n", 1)[0]!,
      millis: performance.now() - started,
      transcript,
    };
  } finally {
    rmSync(caseDir, { recursive: true, force: true });
  }
}
