import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReportInputError } from "../../../src/report/errors.js";
import { MAX_SUMMARY_DEPTH, readReport } from "../../../src/report/read-report.js";
import { writeReport } from "../../../src/report/write.js";
import { smallReport } from "../../helpers/report-fixtures.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jobsim-read-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The message of the ReportInputError `fn` throws. */
function inputErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReportInputError);
    return (error as Error).message;
  }
  throw new Error("expected a ReportInputError");
}

/** Write `text` as root/report.json and return the message reading it gives. */
function readingText(text: string): string {
  writeFileSync(join(root, "report.json"), text);
  return inputErrorOf(() => readReport(root));
}

const reportWithSummary = (summary: unknown) => JSON.stringify({ ...smallReport(), summary });

describe("readReport", () => {
  it("accepts a folder or the JSON file", () => {
    writeReport(root, smallReport());
    expect(readReport(root).scenario.name).toBe("demo");
    expect(readReport(join(root, "report.json")).scenario.name).toBe("demo");
  });

  it("fills the arrays a summary-only report leaves out", () => {
    writeReport(root, smallReport(), { summaryOnly: true });
    const back = readReport(root);
    expect([back.jobs, back.pods, back.events]).toEqual([[], [], []]);
    expect(back.cronjobs).toHaveLength(1);
  });

  it("reads a value too large for a double as Infinity (a gate then refuses it)", () => {
    writeFileSync(
      join(root, "report.json"),
      reportWithSummary({ jobs: { failed: 1 } }).replace('"failed":1', '"failed":1e400'),
    );
    expect(readReport(root).summary.jobs).toEqual({ failed: Number.POSITIVE_INFINITY });
  });

  it("rejects a missing path and a folder without report.json", () => {
    expect(inputErrorOf(() => readReport(join(root, "nope")))).toMatch(/does not exist/);
    expect(inputErrorOf(() => readReport(root))).toMatch(/holds no report\.json/);
  });

  it("reads only regular files: a device or a FIFO fails at once", () => {
    expect(inputErrorOf(() => readReport("/dev/zero"))).toBe(
      "cannot read report /dev/zero: is not a regular file",
    );
    const fifo = join(root, "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(inputErrorOf(() => readReport(fifo))).toBe(`cannot read report ${fifo}: is not a regular file`);
    // A folder whose report.json is a FIFO too.
    execFileSync("mkfifo", [join(root, "report.json")]);
    expect(inputErrorOf(() => readReport(root))).toMatch(/report\.json: is not a regular file$/);
  });

  it("rejects invalid JSON without quoting it", () => {
    const secret = "password=hunter2";
    const message = readingText(`{"apiVersion": 1,\n  ${secret}}`);
    expect(message).toBe(`${join(root, "report.json")} is not valid JSON (line 2, column 3)`);
    // V8's message quotes the text around an unexpected token: none of it is kept.
    expect(readingText('{"a": 1,\n"b": hunter2}')).toBe(`${join(root, "report.json")} is not valid JSON`);
    expect(readingText("")).toMatch(/is not valid JSON \(the file is empty\)$/);
    expect(readingText('{"a": [1, 2')).toMatch(/is not valid JSON \(it ends too early\)$/);
    expect(readingText('{\n  "a" 1}')).toMatch(/is not valid JSON \(line 2, column 7\)$/);
  });

  it("rejects JSON that is not a jobsim report", () => {
    expect(readingText('{"kind": "Deployment"}')).toMatch(/is not a jobsim report/);
    expect(readingText("[1, 2]")).toMatch(/is not a jobsim report/);
    expect(readingText("null")).toMatch(/is not a jobsim report/);
  });

  it("rejects a report of the wrong shape, quoting no values", () => {
    expect(readingText(reportWithSummary({ jobs: { created: "secret" } }))).toMatch(
      /summary metric jobs\.created must be a number or null, not a string$/,
    );
    expect(readingText(reportWithSummary({ jobs: [1] }))).toMatch(
      /jobs must be a number or null, not an array$/,
    );
    expect(readingText(reportWithSummary({ ok: true }))).toMatch(
      /ok must be a number or null, not a boolean$/,
    );
    expect(readingText(reportWithSummary(7))).toMatch(/"summary" must be an object$/);
    expect(readingText(JSON.stringify({ ...smallReport(), pods: {} }))).toMatch(/"pods" must be an array$/);
  });

  it("rejects a summary nested 10,000 levels deep without overflowing the stack", () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const message = readingText(reportWithSummary({}).replace('"summary":{}', `"summary":${deep}`));
    expect(message).toMatch(
      new RegExp(`"summary" nests deeper than ${MAX_SUMMARY_DEPTH} levels \\(at a\\.a\\.a`),
    );
    expect(message.length).toBeLessThan(300);
  });

  it("accepts a summary at the nesting limit", () => {
    const depth = MAX_SUMMARY_DEPTH - 1; // levels below summary itself
    const nested = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    writeFileSync(
      join(root, "report.json"),
      reportWithSummary({}).replace('"summary":{}', `"summary":${nested}`),
    );
    expect(readReport(root).summary).toBeTypeOf("object");
  });

  it("names a huge metric name shortened", () => {
    const message = readingText(reportWithSummary({ ["k".repeat(5000)]: "x" }));
    expect(message.length).toBeLessThan(250);
    expect(message).toContain("kkk...");
  });
});
