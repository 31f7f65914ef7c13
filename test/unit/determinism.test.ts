import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BANNED = /Math\.random\(|Date\.now\(|performance\.now\(|new Date\(\s*\)|setTimeout\(|setInterval\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith(".ts"));
}

describe("determinism", () => {
  it("reads no wall clock and no unseeded randomness under src/, except marked display code", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles("src")) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (BANNED.test(line) && !line.includes("wall-clock-ok"))
            offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it("the pattern catches what it should", () => {
    expect(BANNED.test("const t = Date.now();")).toBe(true);
    expect(BANNED.test("const d = new Date( );")).toBe(true);
    expect(BANNED.test("new Date(ms).toISOString()")).toBe(false);
  });
});
