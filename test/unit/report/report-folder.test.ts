import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asReportWriteError, ReportWriteError } from "../../../src/report/errors.js";
import { readReport } from "../../../src/report/read-report.js";
import { stageReport, writeReport, writeReportFiles } from "../../../src/report/write.js";
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
/** Above Linux's largest pid_max (2^22), so no process ever has it: a run that was killed. */
const DEAD_PID = 4_194_305;

let root: string;
let out: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "jobsim-folder-"));
  out = join(root, "report");
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const files = (dir: string) => readdirSync(dir).sort();
const seedOf = (dir: string) => readReport(dir).scenario.seed;

/** A report with `seed`, written as a whole folder at `dir` (no staging: as a killed run left it). */
function reportFolder(dir: string, seed: number): void {
  const report = smallReport();
  report.scenario.seed = seed;
  writeReport(dir, report);
}

describe("writeReport replaces the folder as a whole", () => {
  it("creates the folder and its parents and leaves nothing beside it", () => {
    const deep = join(root, "a", "b", "report");
    writeReport(deep, smallReport());
    expect(files(deep)).toEqual(ALL_FILES);
    expect(files(join(root, "a", "b"))).toEqual(["report"]);
  });

  it("drops the old run's files that the new run does not write", () => {
    reportFolder(out, 1);
    writeReport(out, smallReport(), { summaryOnly: true });
    expect(files(out)).toEqual(["cronjobs.csv", "report.html", "report.json", "summary.csv"]);
    expect(files(root)).toEqual(["report"]);
  });

  it("keeps the old report whole when writing fails, and removes the staging folder", () => {
    reportFolder(out, 1);
    const before = readFileSync(join(out, "report.json"));
    const broken = smallReport();
    Object.defineProperty(broken, "summary", {
      get() {
        throw new Error("boom");
      },
    });
    expect(() => writeReport(out, broken)).toThrow("boom");
    expect(readFileSync(join(out, "report.json")).equals(before)).toBe(true);
    expect(files(root)).toEqual(["report"]);
  });

  it("removes the temporary files earlier versions left inside the folder", () => {
    reportFolder(out, 1);
    writeFileSync(join(out, ".pods.csv.1234.0.tmp"), "half a row");
    writeFileSync(join(out, ".report.json.1234.5.tmp"), "{");
    reportFolder(out, 2);
    expect(files(out)).toEqual(ALL_FILES);
    expect(seedOf(out)).toBe(2);
  });

  it("writes through a symbolic link into its target and keeps the link", () => {
    const target = join(root, "target");
    mkdirSync(target);
    symlinkSync(target, out);
    reportFolder(out, 3);
    expect(seedOf(target)).toBe(3);
    expect(seedOf(out)).toBe(3);
    expect(files(root)).toEqual(["report", "target"]);
  });
});

describe("where a report may not go", () => {
  const writeError = (dir: string): ReportWriteError => {
    try {
      stageReport(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ReportWriteError);
      return error as ReportWriteError;
    }
    throw new Error("expected a ReportWriteError");
  };

  it("refuses a file", () => {
    writeFileSync(out, "mine");
    expect(writeError(out).message).toBe(`${out} is a file, not a folder: name a folder for the report`);
    expect(readFileSync(out, "utf8")).toBe("mine");
  });

  it("refuses a folder holding anything but report files, and touches nothing", () => {
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    writeFileSync(join(out, "report.json"), "{}");
    expect(writeError(out).message).toBe(
      `${out} holds files that are not a jobsim report (notes.txt); a report replaces its whole folder, so name a new or empty folder`,
    );
    expect(files(out)).toEqual(["notes.txt", "report.json"]);
    expect(files(root)).toEqual(["report"]);
  });

  it("refuses a parent that is a file", () => {
    writeFileSync(join(root, "file"), "");
    const dir = join(root, "file", "sub", "report");
    expect(writeError(dir).message).toBe(`cannot create ${dir}: ${join(root, "file")} is not a folder`);
  });

  it("fails at once under /proc, where Node's recursive mkdir never returns", () => {
    expect(writeError("/proc/jobsim-nowhere/report").message).toMatch(
      /^cannot create a report folder at \/proc\/jobsim-nowhere\/report \(ENOENT\)$/,
    );
    expect(writeError("/proc/jobsim-nowhere").message).toMatch(/\(ENOENT\)$/);
  });

  it("refuses a mount point, which cannot be renamed aside", () => {
    expect(writeError("/proc").message).toBe(
      "/proc is a mount point; a report replaces its whole folder, so name a folder inside it",
    );
  });

  it("a dangling symbolic link is refused", () => {
    symlinkSync(join(root, "gone"), out);
    expect(writeError(out).message).toMatch(/is a symbolic link to nothing$/);
  });
});

describe("abort", () => {
  it("removes the staging folder and the parents it created, not those that were there", () => {
    const folder = stageReport(join(root, "new", "deeper", "report"));
    writeFileSync(join(folder.staging, "pods.csv"), "x");
    folder.abort();
    folder.abort();
    expect(files(root)).toEqual([]);
  });

  it("a committed folder cannot be committed again", () => {
    const folder = stageReport(out);
    folder.commit();
    expect(() => folder.commit()).toThrow(/committed or aborted already/);
    expect(files(out)).toEqual([]);
  });
});

describe("commitAsync (the files synced at once)", () => {
  it("swaps in the files written into the staging folder, as commit does", async () => {
    reportFolder(out, 1);
    const viaCommit = join(root, "via-commit");
    const report = smallReport();
    report.scenario.seed = 2;
    const sync = stageReport(viaCommit);
    writeReportFiles(sync.staging, report);
    sync.commit();
    const folder = stageReport(out);
    writeReportFiles(folder.staging, report);
    mkdirSync(join(folder.staging, "nested"));
    writeFileSync(join(folder.staging, "nested", "x"), "x");
    await folder.commitAsync();
    expect(files(root)).toEqual(["report", "via-commit"]);
    expect(files(out)).toEqual([...ALL_FILES, "nested"].sort());
    for (const name of ALL_FILES) {
      expect(readFileSync(join(out, name))).toEqual(readFileSync(join(viaCommit, name)));
    }
    expect(seedOf(out)).toBe(2);
    await expect(folder.commitAsync()).rejects.toThrow(/committed or aborted already/);
    expect(() => folder.commit()).toThrow(/committed or aborted already/);
  });

  it("a staging folder gone before the commit leaves the old report in place", async () => {
    reportFolder(out, 1);
    const folder = stageReport(out);
    rmSync(folder.staging, { recursive: true });
    await expect(folder.commitAsync()).rejects.toThrow(/ENOENT/);
    expect(files(root)).toEqual(["report"]);
    expect(seedOf(out)).toBe(1);
  });
});

describe("what a killed run left is repaired by the next run", () => {
  const side = (kind: string, pid: number, n = 0) => `${out}.jobsim-${kind}-${pid}-${n}`;

  it("killed while writing: the stale staging folder is removed, the report kept", () => {
    reportFolder(out, 1);
    mkdirSync(side("staging", DEAD_PID));
    writeFileSync(join(side("staging", DEAD_PID), ".pods.csv.9.0.tmp"), "rows");
    const folder = stageReport(out);
    expect(files(root)).toEqual(["report", folder.staging.slice(root.length + 1)]);
    expect(seedOf(out)).toBe(1);
    folder.abort();
    expect(files(root)).toEqual(["report"]);
  });

  it("killed between the renames: the old report comes back from the trash", () => {
    reportFolder(side("trash", DEAD_PID, 1), 1);
    reportFolder(side("staging", DEAD_PID, 0), 2);
    expect(existsSync(out)).toBe(false);
    const folder = stageReport(out);
    expect(seedOf(out)).toBe(1);
    expect(files(out)).toEqual(ALL_FILES);
    folder.abort();
    expect(files(root)).toEqual(["report"]);
  });

  it("killed before the trash was removed: the trash goes", () => {
    reportFolder(out, 2);
    reportFolder(side("trash", DEAD_PID), 1);
    stageReport(out).abort();
    expect(files(root)).toEqual(["report"]);
    expect(seedOf(out)).toBe(2);
  });

  it("leaves the folders of a run that is still alive, and of other report folders", () => {
    const live = `${out}.jobsim-staging-${process.ppid}-0`;
    const other = `${out}-2.jobsim-staging-${DEAD_PID}-0`;
    mkdirSync(live);
    mkdirSync(other);
    reportFolder(out, 1);
    expect(files(root)).toEqual([
      "report",
      "report-2.jobsim-staging-4194305-0",
      `report.jobsim-staging-${process.ppid}-0`,
    ]);
  });

  it("a run after a kill writes the new report and leaves nothing else", () => {
    reportFolder(side("trash", DEAD_PID, 1), 1);
    reportFolder(side("staging", DEAD_PID, 0), 2);
    reportFolder(out, 3);
    expect(files(root)).toEqual(["report"]);
    expect(seedOf(out)).toBe(3);
  });
});

describe("asReportWriteError", () => {
  const systemError = (code: string) => Object.assign(new Error(`${code}: boom`), { code });

  it.each([
    ["EACCES", "permission denied"],
    ["EPERM", "operation not permitted"],
    ["EROFS", "read-only file system"],
    ["ENOSPC", "no space left on the device"],
    ["EDQUOT", "disk quota exceeded"],
  ])("maps %s, a fault of the environment, to a ReportWriteError naming the folder", (code, why) => {
    const mapped = asReportWriteError(systemError(code), "/r/out");
    expect(mapped).toBeInstanceOf(ReportWriteError);
    expect((mapped as ReportWriteError).message).toBe(`cannot write /r/out: ${why} (${code})`);
    expect((mapped as ReportWriteError).path).toBe("/r/out");
  });

  it("leaves jobsim's own faults alone", () => {
    const bad = systemError("EBADF");
    expect(asReportWriteError(bad, "/r/out")).toBe(bad);
    const plain = new TypeError("x is undefined");
    expect(asReportWriteError(plain, "/r/out")).toBe(plain);
  });
});
