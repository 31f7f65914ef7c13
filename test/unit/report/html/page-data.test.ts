/**
 * The data report.html embeds, computed from the checked-in golden reports: pod outcomes add up
 * to the summary's pod counts, the series count what the report holds, the dependency pipeline's
 * critical path is the chain that released each Job, and a DST gap shows up as a skipped instant.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lookupMetric } from "../../../../src/report/flatten.js";
import { pageContextOf } from "../../../../src/report/html/context.js";
import { dstSkips } from "../../../../src/report/html/dst-gaps.js";
import { escapeHtml, jsonForScript } from "../../../../src/report/html/embed-json.js";
import {
  activityWindow,
  MAX_POD_BARS,
  MAX_SCHEDULE_MARKS,
  pageData,
  SCHEDULE_MARKS,
} from "../../../../src/report/html/page-data.js";
import { podOutcome } from "../../../../src/report/html/pod-outcome.js";
import { renderReportHtml } from "../../../../src/report/html/render-page.js";
import { LevelSeries, PeakSeries } from "../../../../src/report/html/series.js";
import { ListedCronJob, ScheduleListBuilder } from "../../../../src/report/schedule-list.js";
import type { Report } from "../../../../src/report/types.js";
import { GOLDEN_DIR, shippedScenarios } from "../../../golden/golden.js";
import { scenarioFromFile } from "../../../helpers/scenario.js";

const golden = (scenario: string): Report =>
  JSON.parse(readFileSync(path.join(GOLDEN_DIR, scenario, "report.json"), "utf8")) as Report;

describe("pod outcomes", () => {
  it.each(shippedScenarios())("add up to the summary's pod counts in %s", (scenario) => {
    const report = golden(scenario);
    const count = (o: string) => report.pods.filter((p) => podOutcome(p) === o).length;
    const metric = (name: string) => lookupMetric(report.summary, name);
    expect(count("succeeded")).toBe(metric("pods.succeeded"));
    expect(count("deleted")).toBe(metric("pods.deletedByController"));
    // pods.failed counts evicted pods too (they failed with a DisruptionTarget condition).
    expect(count("failed") + count("evicted")).toBe(metric("pods.failed"));
    expect(count("evicted")).toBe(metric("pods.evicted"));
  });
});

describe("page data", () => {
  it("keeps one bar per pod and one lane per Job below the bar limit, instants relative to start", () => {
    const report = golden("spot-evictions");
    const data = pageData(report, pageContextOf(scenarioFromFile("scenarios/spot-evictions.yaml")));
    expect(report.pods.length).toBeLessThanOrEqual(MAX_POD_BARS);
    expect(data.pods!.name).toEqual(report.pods.map((p) => p.name));
    expect(data.lanes).toHaveLength(report.jobs.length);
    expect(data.pods!.c[0]).toBe(
      (Date.parse(report.pods[0]!.createdAt) - Date.parse(report.scenario.start)) / 1000,
    );
    // Failed Jobs lead the table.
    const states = data.jobs.map((j) => j.st);
    expect(states.indexOf("failed")).toBeLessThanOrEqual(Math.max(0, states.indexOf("succeeded")));
    // Every failed or evicted pod ending inside the horizon is counted once in the failure series.
    const ends = report.pods.filter(
      (p) => ["failed", "evicted"].includes(podOutcome(p)) && p.finishedAt !== null,
    );
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(data.series.podsFailed) + sum(data.series.podsEvicted)).toBe(ends.length);
    expect(sum(data.series.jobsSucceeded)).toBe(lookupMetric(report.summary, "jobs.succeeded"));
  });

  it("draws density lanes instead of bars above the pod limit", () => {
    const report = golden("spot-evictions");
    const pod = report.pods[0]!;
    const many = Array.from({ length: MAX_POD_BARS + 1 }, (_, k) => ({ ...pod, name: `${pod.name}-${k}` }));
    const data = pageData(
      { ...report, pods: many },
      pageContextOf(scenarioFromFile("scenarios/spot-evictions.yaml")),
    );
    expect(data.pods).toBeNull();
    expect(data.density!.lanes.map((l) => l.pods)).toEqual([MAX_POD_BARS + 1]);
  });

  it("tells Jobs of the same name apart by namespace, and pods apart by index, for retries and lanes", () => {
    const report = golden("spot-evictions");
    const base = report.pods[0]!;
    const at = (s: number) => new Date(Date.parse(report.scenario.start) + s * 1000).toISOString();
    const pod = (namespace: string, index: number | null, created: number, failedAt: number | null) => ({
      ...base,
      namespace,
      name: `work-${namespace}-${created}`,
      job: "work",
      index,
      createdAt: at(created),
      startedAt: at(created),
      finishedAt: at(failedAt ?? created + 1),
      phase: failedAt === null ? "Succeeded" : "Failed",
      exitCode: failedAt === null ? 0 : 1,
      reason: failedAt === null ? "Completed" : "Error",
    });
    const jobs = ["a", "b"].map((namespace) => ({ ...report.jobs[0]!, namespace, name: "work" }));
    const pods = [
      pod("a", 0, 0, 600), // failed: retried by the pod of a/work index 0 created at 5400 only
      pod("b", 0, 1800, null), // another namespace: not a retry
      pod("a", 1, 3600, null), // another index: not a retry
      pod("a", 0, 5400, null),
    ];
    const context = pageContextOf(scenarioFromFile("scenarios/spot-evictions.yaml"));
    const data = pageData({ ...report, jobs, pods }, context);
    const bucket = (s: number) => Math.floor(s / data.series.width);
    const retried = data.series.retries.flatMap((n, k) => (n === 0 ? [] : [[k, n]]));
    expect(retried).toEqual([[bucket(5400), 1]]);
    expect(data.pods!.job).toEqual([0, 1, 0, 0].map((k) => data.lanes[k]));
    // Above the bar limit both Jobs share the lane of their name, which counts them as two.
    const filler = Array.from({ length: MAX_POD_BARS }, (_, k) => ({ ...pods[3]!, name: `filler-${k}` }));
    const dense = pageData({ ...report, jobs, pods: [...pods, ...filler] }, context);
    expect(dense.density!.lanes.map((l) => [l.label, l.jobs, l.pods])).toEqual([
      ["work", 2, MAX_POD_BARS + 4],
    ]);
  });

  it("counts schedule instants per interval instead of marking each one above the mark limit", () => {
    const report = golden("forbid-overrun");
    const cj = report.cronjobs[0]!;
    const copies = Math.ceil((MAX_SCHEDULE_MARKS + 1) / cj.schedules.length);
    const many = { ...cj, schedules: Array.from({ length: copies }, () => cj.schedules).flat() };
    const data = pageData(
      { ...report, cronjobs: [many] },
      pageContextOf(scenarioFromFile("scenarios/forbid-overrun.yaml")),
    );
    const strip = data.cronjobs[0]!;
    expect(strip.t).toEqual([]);
    const total = (mark: string) =>
      strip.counts![SCHEDULE_MARKS.indexOf(mark as (typeof SCHEDULE_MARKS)[number])]!.reduce(
        (a, n) => a + n,
        0,
      );
    const forbidden = cj.schedules.filter((s) => s.outcome === "forbidden").length;
    expect(total("forbidden")).toBe(forbidden * copies);
    expect(SCHEDULE_MARKS.reduce((a, m) => a + total(m), 0)).toBe(many.schedules.length);
  });

  it("reads a run's CronJob from its numbers, never making its entries, as it reads them from JSON", () => {
    const report = golden("forbid-overrun");
    const context = pageContextOf(scenarioFromFile("scenarios/forbid-overrun.yaml"));
    const t0 = Date.parse(report.scenario.start);
    const outcomes = ["created", "forbidden", "missedDeadline", "suspended", "pending"] as const;
    const instant = fc.record({
      outcome: fc.constantFrom(...outcomes),
      // Job creation delay in ms; -1: creation time unknown.
      delay: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 600_000 })),
    });
    // Below the mark limit (one mark each) and above it (counts per interval).
    const sizes = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(MAX_SCHEDULE_MARKS + 1));
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 40 }), sizes, (pattern, size) => {
        const builder = new ScheduleListBuilder();
        for (let i = 0; i < size; i++) {
          const { outcome, delay } = pattern[i % pattern.length]!;
          const at = t0 + i * 60_000;
          builder.add(at, outcome, outcome === "created" && delay >= 0 ? at + delay : undefined);
        }
        const cj = report.cronjobs[0]!;
        const list = builder.build((t) => `${cj.name}-${t / 60_000}`);
        const listed = new ListedCronJob(cj.namespace, cj.name, cj.spec!, cj.status, list);
        const plain = JSON.parse(JSON.stringify(listed)) as Report["cronjobs"][number];
        // `schedules` makes the whole array through the list's toArray: the page must not.
        list.toArray = () => {
          throw new Error("made every entry of the schedule list");
        };
        expect(pageData({ ...report, cronjobs: [listed] }, context)).toEqual(
          pageData({ ...report, cronjobs: [plain] }, context),
        );
      }),
      { numRuns: 30 },
    );
  });

  it("gives the ETL pipeline's graph, skipped branch and critical path", () => {
    const report = golden("etl-pipeline");
    const data = pageData(report, pageContextOf(scenarioFromFile("scenarios/etl-pipeline.yaml")));
    const g = data.deps!;
    const byName = Object.fromEntries(g.nodes.map((n) => [n.name, n]));
    expect(byName["alert-oncall"]!.state).toBe("skipped");
    expect(byName.transform!.layer).toBe(1);
    expect(byName.report!.layer).toBe(3);
    // extract-orders (01:18:02) finished after extract-users (01:09:43), so it gated transform.
    expect(g.critical.map((k) => g.nodes[k]!.name)).toEqual([
      "extract-orders",
      "transform",
      "load",
      "report",
    ]);
  });

  it.each([
    ["fanout-capacity", "cluster.podUtilization"],
    ["arrivals-queueing", "cluster.podUtilization"],
    ["nightly-burst-capacity", "cluster.utilization"],
  ])("charts a utilization whose mean over the horizon is the summary's, in %s", (scenario, metric) => {
    const report = golden(scenario);
    const data = pageData(report, pageContextOf(scenarioFromFile(`scenarios/${scenario}.yaml`)));
    const cpu = metric === "cluster.utilization";
    const levels = cpu ? data.series.cpu! : data.series.running;
    const capacity = cpu ? data.allocatableCpu! : data.capacityPods!;
    const mean = levels.reduce((a, v) => a + v, 0) / levels.length / capacity;
    const expected = lookupMetric(report.summary, metric)!;
    // The summary counts a pod from its binding, the report (and so the chart) from Running:
    // the chart reads lower by the share of pod start-up in the run time.
    expect(mean).toBeLessThanOrEqual(expected * 1.001); // series are rounded to 3 decimals
    expect(mean).toBeGreaterThan(expected * 0.95);
  });

  it("marks created instants as late from 10 s after their time", () => {
    const report = golden("overnight-outage");
    const data = pageData(report, pageContextOf(scenarioFromFile("scenarios/overnight-outage.yaml")));
    const all = report.cronjobs.flatMap((c) => c.schedules);
    const late = all.filter(
      (s) => s.outcome === "created" && Date.parse(s.createdAt!) - Date.parse(s.scheduledTime) >= 10_000,
    );
    const marks = data.cronjobs.flatMap((c) => c.m);
    expect(marks).toHaveLength(all.length);
    expect(marks.filter((m) => m === 1)).toHaveLength(late.length);
  });
});

describe("DST skips", () => {
  const start = Date.parse("2026-03-25T00:00:00Z");
  const end = Date.parse("2026-10-28T00:00:00Z");
  it("finds the 02:30 Berlin lost to the spring change, and nothing at the autumn one", () => {
    expect(dstSkips("30 2 * * *", "Europe/Berlin", start, end)).toEqual([
      { wall: "2026-03-29T02:30", at: Date.parse("2026-03-29T01:00:00Z") },
    ]);
  });
  it("finds nothing in UTC, for @every, for a time outside the gap, or a TZ= prefix elsewhere", () => {
    expect(dstSkips("30 2 * * *", "UTC", start, end)).toEqual([]);
    expect(dstSkips("@every 1h", "Europe/Berlin", start, end)).toEqual([]);
    expect(dstSkips("30 3 * * *", "Europe/Berlin", start, end)).toEqual([]);
    expect(dstSkips("TZ=UTC 30 2 * * *", "Europe/Berlin", start, end)).toEqual([]);
  });
});

describe("series", () => {
  it("keeps the area of every interval, and the peak at or above the mean", () => {
    const interval = fc.tuple(fc.integer({ min: -50, max: 1050 }), fc.integer({ min: 0, max: 400 }));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        (intervals, buckets) => {
          const width = 1000 / buckets;
          const mean = new LevelSeries(0, width, buckets);
          const peak = new PeakSeries(0, width, buckets);
          let area = 0;
          for (const [from, len] of intervals) {
            mean.add(from, from + len);
            peak.add(from, from + len);
            area += Math.max(0, Math.min(from + len, 1000) - Math.max(from, 0));
          }
          const means = mean.values();
          const peaks = peak.values();
          const total = means.reduce((a, m) => a + m * width, 0);
          expect(total).toBeCloseTo(area, 0);
          means.forEach((m, k) => {
            expect(peaks[k]!).toBeGreaterThanOrEqual(m - 1e-3);
          });
        },
      ),
    );
  });
});

describe("embedding", () => {
  it("writes JSON no string can break out of, and reads it back unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string(), (a, b) => {
        const value = { a, b: `${b}</script>\u2028<!--${a}` };
        const text = jsonForScript(value);
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(value);
      }),
    );
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
  });

  it("writes a self-contained page: no external reference, one data element, the same bytes each time", () => {
    const report = golden("etl-pipeline");
    const context = pageContextOf(scenarioFromFile("scenarios/etl-pipeline.yaml"));
    const html = renderReportHtml(report, context);
    expect(html).toBe(renderReportHtml(report, context));
    expect(html).not.toMatch(/\b(?:src|href)=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });
});

describe("activityWindow: where the timeline opens", () => {
  const job = (c: number, f: number | null, d: number | null = null) =>
    ({ c, f, d }) as unknown as Parameters<typeof activityWindow>[0][number];

  it("zooms on Jobs that fill a small part of the horizon, padded by 5% each side", () => {
    expect(activityWindow([job(100, 700), job(200, 1100)], false, 21_600)).toEqual({ a: 50, b: 1150 });
  });

  it("shows the whole run when activity fills most of it, with CronJobs, or with no Jobs", () => {
    expect(activityWindow([job(0, 15_000)], false, 21_600)).toBeNull();
    expect(activityWindow([job(100, 700)], true, 21_600)).toBeNull();
    expect(activityWindow([], false, 21_600)).toBeNull();
  });

  it("counts a Job still running at the end up to the horizon, a deleted one up to its deletion", () => {
    expect(activityWindow([job(0, null)], false, 1000)).toBeNull();
    expect(activityWindow([job(0, null, 100)], false, 1000)).toEqual({ a: 0, b: 105 });
  });
});
