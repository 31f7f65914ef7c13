import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileReadError, readRegularFile } from "../../../src/io/read-regular-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-read-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof FileReadError) return `${error.problem}: ${error.message}`;
    throw error;
  }
  return "read";
}

describe("readRegularFile", () => {
  it("reads a regular file as UTF-8", () => {
    writeFileSync(path.join(dir, "a.yaml"), "kind: Job\n# é\n");
    expect(readRegularFile(path.join(dir, "a.yaml"))).toBe("kind: Job\n# é\n");
  });

  it("reads a file of exactly the limit and refuses one byte more", () => {
    writeFileSync(path.join(dir, "ok"), "x".repeat(100));
    writeFileSync(path.join(dir, "big"), "x".repeat(101));
    expect(readRegularFile(path.join(dir, "ok"), 100)).toHaveLength(100);
    expect(problemOf(() => readRegularFile(path.join(dir, "big"), 100))).toMatch(/^too-large/);
  });

  it("refuses a device without reading it all (/dev/zero never ends)", () => {
    expect(problemOf(() => readRegularFile("/dev/zero"))).toBe("not-regular: is not a regular file");
  });

  it("refuses a FIFO at once instead of waiting for a writer", () => {
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    expect(problemOf(() => readRegularFile(fifo))).toBe("not-regular: is not a regular file");
  });

  it("says a folder is a folder and a missing file is missing", () => {
    mkdirSync(path.join(dir, "sub"));
    expect(problemOf(() => readRegularFile(path.join(dir, "sub")))).toMatch(/^not-regular: is a folder/);
    expect(problemOf(() => readRegularFile(path.join(dir, "nope")))).toBe("missing: no such file");
  });

  it("bounds what it reads from a file that claims size 0 (/proc)", () => {
    expect(problemOf(() => readRegularFile("/proc/self/status", 10))).toMatch(/^too-large/);
  });
});
