import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TRACE_CATEGORY, type TraceEvent, traceEvents, writeTrace } from "../../../src/report/trace.js";
import type { Report, ReportPod } from "../../../src/report/types.js";
import { runScenario } from "../../../src/run/run.js";
import { loadScenario } from "../../../src/scenario/load.js";
import { smallReport } from "../../helpers/report-fixtures.js";

function run(file: string): Report {
  const loaded = loadScenario(file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join("\n"));
  return runScenario(loaded.scenario).report;
}

/** The trace as a viewer reads it: the JSON text parsed back. */
function parsed(report: Report): { traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: unknown } {
  let text = "";
  writeTrace(report, { write: (chunk) => (text += chunk) });
  return JSON.parse(text);
}

const count = (events: TraceEvent[], name: string) => events.filter((e) => e.name === name).length;

/** The structure Perfetto and chrome://tracing need, and the counts report.json has. */
function checkStructure(report: Report): TraceEvent[] {
  const trace = parsed(report);
  const events = trace.traceEvents;
  expect(trace.displayTimeUnit).toBe("ms");
  const processes = new Set(events.filter((e) => e.name === "process_name").map((e) => e.pid));
  const threads = new Set(events.filter((e) => e.name === "thread_name").map((e) => `${e.pid}/${e.tid}`));
  const namespaces = new Set([...report.jobs, ...report.cronjobs].map((o) => o.namespace));
  expect(processes.size).toBe(namespaces.size);
  const horizonUs = (Date.parse(report.scenario.end) - Date.parse(report.scenario.start)) * 1000;
  // Plain checks gathered into one list: an expect per event would be slow on thousands.
  const problems: string[] = [];
  for (const e of events) {
    const where = JSON.stringify(e);
    if (!["X", "i", "M"].includes(e.ph)) problems.push(`phase: ${where}`);
    if (e.ph === "M") continue;
    // Every slice and instant sits on a named thread of a named process.
    if (!processes.has(e.pid) || !threads.has(`${e.pid}/${e.tid}`)) problems.push(`unnamed thread: ${where}`);
    if (!Number.isInteger(e.ts) || e.ts! < 0 || e.ts! > horizonUs) problems.push(`ts: ${where}`);
    if (e.ph === "X" && (!Number.isInteger(e.dur) || e.dur! < 0 || e.ts! + e.dur! > horizonUs)) {
      problems.push(`dur: ${where}`);
    }
    if (e.ph === "i" && e.s !== "t") problems.push(`scope: ${where}`);
  }
  expect(problems).toEqual([]);
  const pods = events.filter((e) => e.cat === TRACE_CATEGORY.pod);
  expect(pods).toHaveLength(report.pods.length);
  expect(new Set(pods.map((e) => (e.args as { pod: string }).pod))).toEqual(
    new Set(report.pods.map((p) => p.name)),
  );
  // Pod slices on one thread never overlap (a thread's slices must nest), and a Pending slice
  // lies inside its pod's.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of pods) byThread.set(`${e.pid}/${e.tid}`, [...(byThread.get(`${e.pid}/${e.tid}`) ?? []), e]);
  for (const list of byThread.values()) {
    for (let i = 1; i < list.length; i++)
      expect(list[i]!.ts!).toBeGreaterThanOrEqual(list[i - 1]!.ts! + list[i - 1]!.dur!);
  }
  const podSlices = new Map(pods.map((e) => [(e.args as { pod: string }).pod, e]));
  for (const p of events.filter((e) => e.cat === TRACE_CATEGORY.pending)) {
    const pod = podSlices.get((p.args as { pod: string }).pod)!;
    if (pod.pid !== p.pid || pod.tid !== p.tid || pod.ts !== p.ts || p.dur! > pod.dur!)
      problems.push(`pending: ${JSON.stringify(p)}`);
  }
  expect(problems).toEqual([]);
  const summary = report.summary as { jobs: { failed: number; succeeded: number } };
  expect(count(events, "Job Failed")).toBe(summary.jobs.failed);
  expect(count(events, "Job Complete")).toBe(summary.jobs.succeeded);
  expect(events.filter((e) => e.cat === TRACE_CATEGORY.event)).toHaveLength(report.events.length);
  return events;
}

describe("trace export (Chrome trace event format)", () => {
  it("backoff-timeline: one thread, four failed attempts, the backoff waits 10 s, 20 s, 40 s, then Failed", () => {
    const report = run("scenarios/backoff-timeline.yaml");
    const events = checkStructure(report);
    const slices = events.filter((e) => e.cat === TRACE_CATEGORY.pod);
    expect(slices.map((e) => [e.name, e.ts, e.dur])).toEqual([
      ["Failed (exit 1)", 0, 30_000_000],
      ["Failed (exit 1)", 40_000_000, 30_000_000],
      ["Failed (exit 1)", 90_000_000, 30_000_000],
      ["Failed (exit 1)", 160_000_000, 30_000_000],
    ]);
    expect(slices[0]!.args).toMatchObject({ pod: report.pods[0]!.name, node: null, exitCode: 1 });
    const waits = events
      .filter((e) => e.name === "Backoff wait")
      .map((e) => (e.args as { waitSeconds: number }).waitSeconds);
    expect(waits).toEqual([10, 20, 40]);
    expect(events.find((e) => e.name === "Job Failed")!.args).toMatchObject({
      reason: "BackoffLimitExceeded",
    });
    expect(count(events, "thread_name")).toBe(1);
  });

  it("forbid-overrun: CronJob instants forbidden and created late as instants on the CronJob's thread", () => {
    const report = run("scenarios/forbid-overrun.yaml");
    const events = checkStructure(report);
    const cron = report.summary.cronjobs as { forbidden: number };
    expect(count(events, "Schedule forbidden")).toBe(cron.forbidden);
    const late = report.cronjobs[0]!.schedules.filter(
      (s) => s.createdAt !== undefined && Date.parse(s.createdAt) - Date.parse(s.scheduledTime) > 1000,
    );
    expect(late.length).toBeGreaterThan(0);
    expect(count(events, "Schedule created late")).toBe(late.length);
    const thread = events.find(
      (e) => e.name === "thread_name" && (e.args as { name: string }).name.startsWith("cronjob/"),
    );
    expect(thread).toBeDefined();
    expect(events.filter((e) => e.cat === TRACE_CATEGORY.cronjob).every((e) => e.tid === thread!.tid)).toBe(
      true,
    );
  });

  it("nightly-burst-capacity: overlapping pods go to more threads of their Job, Pending shown while waiting", () => {
    const events = checkStructure(run("scenarios/nightly-burst-capacity.yaml"));
    const names = events
      .filter((e) => e.name === "thread_name")
      .map((e) => (e.args as { name: string }).name);
    expect(names[0]).toBe("warmup");
    expect(names).toContain("reports (2)");
    expect(events.some((e) => e.cat === TRACE_CATEGORY.pending && e.dur! > 0)).toBe(true);
  });

  it("a Job's dependents skipped, and a report of several namespaces, keep the structure", () => {
    checkStructure(run("scenarios/etl-pipeline.yaml"));
    const report = smallReport();
    report.jobs[1]!.namespace = "batch";
    for (const p of report.pods) if (p.job === "flaky") p.namespace = "batch";
    for (const e of report.events) if (e.object.name === "flaky") e.object.namespace = "batch";
    const events = checkStructure(report);
    expect(count(events, "process_name")).toBe(2);
  });

  it("gives a Job name used twice (deleted, created anew) each its own pods and events", () => {
    const report = smallReport();
    const again = structuredClone(report.jobs[0]!);
    again.createdAt = "2026-03-01T02:00:00.000Z";
    report.jobs.push(again);
    report.pods.push({ ...structuredClone(report.pods[0]!), name: "etl-again", createdAt: again.createdAt });
    report.summary = { jobs: { failed: 1, succeeded: 2 } };
    const events = checkStructure(report);
    const threads = events.filter(
      (e) => e.name === "thread_name" && (e.args as { name: string }).name === "etl",
    );
    expect(threads).toHaveLength(2);
    const podsOn = (tid: number) =>
      events
        .filter((e) => e.cat === TRACE_CATEGORY.pod && e.tid === tid)
        .map((e) => (e.args as { pod: string }).pod);
    expect(podsOn(threads[0]!.tid)).toEqual(["etl-x7k2p", "etl-m2c9z"]);
    expect(podsOn(threads[1]!.tid)).toEqual(["etl-again"]);
  });

  it("never overlaps two slices on a thread, whatever the pods' times (property)", () => {
    const start = Date.parse("2026-03-01T00:00:00.000Z");
    const iso = (ms: number) => new Date(start + ms).toISOString();
    const podArb = fc.record({
      from: fc.integer({ min: 0, max: 3_600_000 }),
      length: fc.integer({ min: 0, max: 600_000 }),
    });
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 1, maxLength: 40 }), (specs) => {
        const report = smallReport();
        report.events = [];
        report.cronjobs = [];
        report.jobs = [report.jobs[0]!];
        const sorted = [...specs].sort((a, b) => a.from - b.from);
        report.pods = sorted.map(
          (s, i): ReportPod => ({
            namespace: "default",
            name: `etl-${i}`,
            job: "etl",
            index: null,
            createdAt: iso(s.from),
            startedAt: iso(s.from),
            finishedAt: iso(s.from + s.length),
            deletedAt: null,
            phase: "Succeeded",
            exitCode: 0,
            reason: "Completed",
            restarts: 0,
            conditions: [],
          }),
        );
        report.summary = { jobs: { failed: 0, succeeded: 1 } };
        const events = traceEvents(report).filter((e) => e.cat === TRACE_CATEGORY.pod);
        const byTid = new Map<number, TraceEvent[]>();
        for (const e of events) byTid.set(e.tid, [...(byTid.get(e.tid) ?? []), e]);
        for (const list of byTid.values()) {
          for (let i = 1; i < list.length; i++) {
            if (list[i]!.ts! < list[i - 1]!.ts! + list[i - 1]!.dur!) return false;
          }
        }
        return events.length === specs.length;
      }),
      { numRuns: 200 },
    );
  });
});
