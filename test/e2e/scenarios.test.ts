/**
 * Every worked example in scenarios/ validates with `sim validate`, runs through runScenario,
 * and opens with a comment block stating the question it answers (README "Scenarios"). New
 * files are picked up automatically.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runScenario } from "../../src/run/run.js";
import { captureOutput } from "../helpers/cli-output.js";
import { scenarioFromFile } from "../helpers/scenario.js";

const DIR = "scenarios";
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => path.join(DIR, f));

/** The comment lines before the first YAML content line. */
function leadingComment(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) lines.push(line.replace(/^#\s?/, ""));
    else if (line.trim() === "" && lines.length > 0) continue;
    else break;
  }
  return lines;
}

describe("worked scenarios", () => {
  it("there are scenarios to check", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  describe.each(files)("%s", (file) => {
    it("opens with a comment block stating the question it answers", () => {
      const comment = leadingComment(readFileSync(file, "utf8"));
      expect(comment.length, `${file}: no leading comment block`).toBeGreaterThanOrEqual(2);
      expect(comment.join("\n"), `${file}: the comment block states no question`).toMatch(/\?/);
    });

    it("passes `sim validate`", async () => {
      const io = captureOutput();
      const code = await main(["validate", file], io);
      expect(io.stderr, `${file}: ${io.stderr}`).not.toMatch(/error/i);
      expect(code).toBe(0);
    });

    it("runs through runScenario to a report with its Jobs", () => {
      const scenario = scenarioFromFile(file);
      const { report } = runScenario(scenario);
      expect(report.kind).toBe("Report");
      expect(report.scenario.name).toBe(scenario.simulation.name);
      // Dependent Jobs may be skipped (never created) instead: they are listed in `skipped`.
      expect(report.jobs.length + (report.skipped?.length ?? 0)).toBeGreaterThanOrEqual(scenario.jobs.length);
      expect(report.summary.engine).toMatchObject({ events: expect.any(Number) });
    });
  });
});
