import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readReport } from "../../../src/report/read-report.js";
import { AtomicFile, REPORT_FILES, writeFileAtomic, writeReport } from "../../../src/report/write.js";
import { smallReport } from "../../helpers/report-fixtures.js";

const ALL_FILES = [
  "cronjobs.csv",
  "events.csv",
  "jobs.csv",
  "pods.csv",
  "report.html",
  "report.json",
  "summary.csv",
];

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jobsim-write-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const files = (dir: string) => readdirSync(dir).sort();
const read = (dir: string, name: string) => readFileSync(join(dir, name));

describe("writeReport", () => {
  it("writes report.json, report.html and the five CSVs, creating the folder", () => {
    const dir = join(root, "reports", "demo");
    writeReport(dir, smallReport());
    expect(files(dir)).toEqual(ALL_FILES);
    const json = read(dir, "report.json").toString("utf8");
    expect(json.endsWith("}\n")).toBe(true);
    expect(json.startsWith('{\n  "apiVersion": "jobsim.dev/v1alpha1",\n  "kind": "Report",\n')).toBe(true);
    expect(json).toContain('"jobsSucceededPerHour": 0.166667');
  });

  it("is byte-identical for an identical Report", () => {
    const a = join(root, "a");
    const b = join(root, "b");
    writeReport(a, smallReport());
    writeReport(b, smallReport());
    for (const name of ALL_FILES) expect(read(b, name).equals(read(a, name)), name).toBe(true);
  });

  it("replaces an existing report and leaves no temporary file", () => {
    const dir = join(root, "r");
    writeReport(dir, smallReport());
    const changed = smallReport();
    changed.scenario.seed = 7;
    writeReport(dir, changed);
    expect(files(dir)).toEqual(ALL_FILES);
    expect(readReport(dir).scenario.seed).toBe(7);
  });

  it("with summaryOnly leaves jobs, pods and events out of report.json and does not write their CSVs", () => {
    const dir = join(root, "s");
    writeReport(dir, smallReport(), { summaryOnly: true });
    expect(files(dir)).toEqual(["cronjobs.csv", "report.html", "report.json", "summary.csv"]);
    const data = JSON.parse(read(dir, "report.json").toString("utf8"));
    expect(Object.keys(data)).toEqual(["apiVersion", "kind", "scenario", "settings", "summary", "cronjobs"]);
  });

  it("round-trips through readReport up to number rounding", () => {
    writeReport(root, smallReport());
    const back = readReport(join(root, REPORT_FILES.json));
    expect(back.jobs).toEqual(smallReport().jobs);
    expect(back.summary.throughput).toEqual({
      jobsSucceededPerHour: 0.166667,
      podsSucceededPerHour: 0.333333,
    });
  });
});

describe("atomic files", () => {
  it("an error while filling keeps the old content and removes the temporary file", () => {
    writeFileSync(join(root, "x.csv"), "old\n");
    expect(() =>
      writeFileAtomic(root, "x.csv", (sink) => {
        sink.write("half a ");
        throw new Error("crash");
      }),
    ).toThrow("crash");
    expect(files(root)).toEqual(["x.csv"]);
    expect(read(root, "x.csv").toString()).toBe("old\n");
  });

  it("stays invisible until commit, then replaces the file", () => {
    writeFileSync(join(root, "y.csv"), "old\n");
    const file = new AtomicFile(root, "y.csv");
    for (let i = 0; i < 20_000; i++) file.write(`row ${i}\n`); // several internal flushes
    expect(read(root, "y.csv").toString()).toBe("old\n");
    file.commit();
    expect(files(root)).toEqual(["y.csv"]);
    expect(read(root, "y.csv").toString().split("\n")).toHaveLength(20_001);
    expect(() => file.write("late")).toThrow(/after commit/);
  });

  it("holds exactly the UTF-8 of the text written, whatever the chunks and block boundaries", () => {
    // Small rows, multi-byte and astral characters (pairs split across chunks too), chunks
    // longer than a block: the bytes on disk are those of the whole text, encoded at once.
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", ",", "\n", "é", "€", "😀", "\ud83d", "\ude00"), maxLength: 40 }),
      fc.constantFrom(
        "x".repeat(400_000),
        "é".repeat(200_000),
        "€".repeat(350_001),
        "😀".repeat(100_000),
        `${"x".repeat(20_000)}\ud83d`, // the first half of a pair ends a long chunk
        "\ude00y",
        "é".repeat(16_384), // a chunk of the gathering length, encoded on its own
        `\ude00${"z".repeat(20_000)}`, // a long chunk opening with the second half of a pair
      ),
    );
    let run = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (chunks) => {
        const name = `p${run++}.txt`;
        const file = new AtomicFile(root, name);
        for (const chunk of chunks) file.write(chunk);
        file.commit();
        expect(read(root, name).equals(Buffer.from(chunks.join(""), "utf8"))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("abort removes the temporary file and is idempotent", () => {
    const file = new AtomicFile(root, "z.csv");
    file.write("x");
    file.abort();
    file.abort();
    expect(files(root)).toEqual([]);
  });
});
