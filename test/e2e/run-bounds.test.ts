import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { EventLimitReached } from "../../src/run/event-limit.js";
import { runScenario } from "../../src/run/run.js";
import { captureOutput } from "../helpers/cli-output.js";
import { scenarioFromFile } from "../helpers/scenario.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-bounds-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const QUICKSTART = "scenarios/quickstart.yaml";
/** engine.events of the quickstart golden report. */
const QUICKSTART_EVENTS = Number(
  /^engine\.events,(\d+)$/m.exec(readFileSync("test/golden/reports/quickstart/summary.csv", "utf8"))![1],
);

/** The benchmark's per-minute CronJob with another horizon, as a scenario file in `dir`. */
function minutely(horizon: string): string {
  const file = path.join(dir, `minutely-${horizon}.yaml`);
  const text = readFileSync("test/bench/scenarios/minutely-year.yaml", "utf8").replace(
    "horizon: 365d",
    `horizon: ${horizon}`,
  );
  writeFileSync(file, text);
  return file;
}

describe("runScenario maxEvents", () => {
  const scenario = scenarioFromFile(QUICKSTART);

  it("stops between events and says how far the run got", () => {
    let error: unknown;
    try {
      runScenario(scenario, { maxEvents: 100 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventLimitReached);
    const { progress } = error as EventLimitReached;
    expect(progress.events).toBe(100);
    expect(progress.jobsCreated).toBe(1);
    expect(progress.podsCreated).toBeGreaterThan(0);
    expect(progress.fraction).toBeGreaterThan(0);
    expect(progress.fraction).toBeLessThan(1);
    expect(progress.reached).toBeGreaterThan(scenario.simulation.start);
  });

  it("lets a run that needs exactly maxEvents events finish, with the same report", () => {
    const unbounded = runScenario(scenario).report;
    expect(unbounded.summary.engine).toEqual({ events: QUICKSTART_EVENTS });
    expect(runScenario(scenario, { maxEvents: QUICKSTART_EVENTS }).report).toEqual(unbounded);
    expect(() => runScenario(scenario, { maxEvents: QUICKSTART_EVENTS - 1 })).toThrow(EventLimitReached);
  });
});

describe("sim run --max-events", () => {
  it.each([[[]], [["--summary-only"]]])(
    "exits 2 and writes nothing when the bound is hit %j",
    async (extra) => {
      const out = path.join(dir, "out");
      const io = captureOutput();
      expect(await main(["run", QUICKSTART, "--out", out, "--max-events", "100", ...extra], io)).toBe(2);
      expect(io.stderr).toMatch(
        /^error: stopped at --max-events 100: the run needs more events; it had reached 2026-03-01T\S+ \(0\.\d% of the horizon\) with 100 events, 1 Job\(s\) and \d+ pod\(s\) created; nothing was written\n$/,
      );
      expect(existsSync(out)).toBe(false);
    },
  );

  it("runs to the end within the bound", async () => {
    const io = captureOutput();
    const out = path.join(dir, "out");
    expect(
      await main(["run", QUICKSTART, "--out", out, "--max-events", String(QUICKSTART_EVENTS), "--quiet"], io),
    ).toBe(0);
    expect(existsSync(path.join(out, "report.json"))).toBe(true);
  });

  it.each(["0", "-3", "1.5", "many"])("rejects --max-events %s", async (value) => {
    const io = captureOutput();
    expect(await main(["run", QUICKSTART, "--out", path.join(dir, "o"), "--max-events", value], io)).toBe(2);
    expect(io.stderr).toContain("--max-events: expected a positive integer");
  });
});

describe("size estimate before a run", () => {
  it("refuses a full report that would not fit in memory, before simulating", async () => {
    const file = minutely("365d");
    const out = path.join(dir, "out");
    const io = captureOutput();
    expect(await main(["run", file, "--out", out], io)).toBe(2);
    expect(io.stderr).toMatch(/a full report would need about 3\.0 GB of memory \(about 525,600 Job\(s\)/);
    expect(io.stderr).toMatch(/run with --summary-only .*; nothing was written\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it("warns in sim validate, with the estimate and the hints", async () => {
    const io = captureOutput();
    expect(await main(["validate", minutely("365d")], io)).toBe(0);
    expect(io.stderr).toMatch(
      /^warning: large run: about 525,600 Job\(s\), 525,600 pod\(s\), 525,600 CronJob schedule instant\(s\), [\d,]+ engine events, a full report of 3\.0 GB; consider --summary-only, a shorter horizon, or --max-events N/,
    );
  });

  it("says nothing about an ordinary scenario", async () => {
    const io = captureOutput();
    expect(await main(["validate", QUICKSTART], io)).toBe(0);
    expect(io.stderr).toBe("");
  });
});
