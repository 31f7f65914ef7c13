/// <reference lib="dom" />
/**
 * report.html in a real headless Chromium (@sparticuz/chromium, unpacked from its npm package,
 * driven by puppeteer-core): every shipped scenario's page loads without console or page
 * errors, the timeline of a scenario has one lane per Job, one bar per pod and one mark per
 * schedule instant (report.json's counts), hovering a pod's bar shows its name, zoom narrows the
 * visible range, a screenshot is not blank, and a hostile name cannot break out of the data.
 * One browser and one tab for the whole file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { renderReportHtml } from "../../src/report/html/index.js";
import type { Report } from "../../src/report/types.js";
import type { SweepReport } from "../../src/sweep/index.js";
import { shippedScenarios } from "../golden/golden.js";
import { captureOutput } from "../helpers/cli-output.js";

const root = mkdtempSync(path.join(tmpdir(), "jobsim-html-"));
const scenarios = shippedScenarios();
let browser: Browser;
let page: Page;
/** Console errors and uncaught page errors since the last {@link open}. */
let problems: string[] = [];

async function open(file: string): Promise<void> {
  problems = [];
  await page.goto(`file://${file}`, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready]", { timeout: 10_000 });
}

function reportOf(scenario: string): Report {
  return JSON.parse(readFileSync(path.join(root, scenario, "report.json"), "utf8")) as Report;
}

beforeAll(async () => {
  for (const scenario of scenarios) {
    const io = captureOutput();
    const out = path.join(root, scenario);
    const code = await main(
      ["run", `scenarios/${scenario}.yaml`, "--out", out, "--quiet", "--no-progress"],
      io,
    );
    if (code !== 0) throw new Error(`sim run ${scenario} exited ${code}: ${io.stderr}`);
  }
  const io = captureOutput();
  const streamed = [
    "run",
    "scenarios/forbid-overrun.yaml",
    "--out",
    path.join(root, "streamed"),
    "--summary-only",
  ];
  if ((await main([...streamed, "--quiet", "--no-progress"], io)) !== 0) throw new Error(io.stderr);
  const grid = ["sweep", "scenarios/backoff-grid.yaml", "--seeds", "5", "--out", path.join(root, "sweep")];
  if ((await main([...grid, "--quiet", "--no-progress"], io)) !== 0) throw new Error(io.stderr);
  browser = await puppeteer.launch({
    args: chromium.args,
    executablePath: await chromium.executablePath(),
    headless: true,
    defaultViewport: { width: 1280, height: 900 },
  });
  page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("report.html in a headless browser", () => {
  it("loads for every shipped scenario with no console or page error, and asks for nothing over the network", async () => {
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (!r.url().startsWith("file://")) requests.push(r.url());
    };
    page.on("request", onRequest);
    for (const scenario of scenarios) {
      await open(path.join(root, scenario, "report.html"));
      expect(problems, scenario).toEqual([]);
      const shown = await page.$eval("h1", (h) => h.textContent);
      expect(shown).toBe(reportOf(scenario).scenario.name);
    }
    page.off("request", onRequest);
    expect(requests).toEqual([]);
  });

  it("loads a --summary-only report: summary and CronJob strip, no Jobs table or charts of nothing", async () => {
    await open(path.join(root, "streamed", "report.html"));
    expect(problems).toEqual([]);
    expect(await page.$("#jobs")).toBeNull();
    expect(await page.$("#over-time")).toBeNull();
    const marks = await page.evaluate(
      () => (window as unknown as { jobsim: { cronMarkCount: number } }).jobsim.cronMarkCount,
    );
    expect(marks).toBe(reportOf("forbid-overrun").cronjobs[0]!.schedules.length);
    expect(await page.$eval("#timeline", (t) => t.textContent)).toContain("Written with --summary-only");
  });

  it("draws one lane per Job, one bar per pod and one mark per schedule instant (plus the DST skip)", async () => {
    const report = reportOf("berlin-dst");
    await open(path.join(root, "berlin-dst", "report.html"));
    const counts = await page.evaluate(() => {
      const j = (
        window as unknown as { jobsim: { laneCount: number; barCount: number; cronMarkCount: number } }
      ).jobsim;
      return { lanes: j.laneCount, bars: j.barCount, marks: j.cronMarkCount };
    });
    const instants = report.cronjobs.reduce((n, c) => n + c.schedules.length, 0);
    // 02:30 Europe/Berlin does not exist on 2026-03-29: robfig skips it, and the strip marks it.
    expect(counts).toEqual({ lanes: report.jobs.length, bars: report.pods.length, marks: instants + 1 });
    const wrong = await page.$eval("#summary", (s) => s.textContent ?? "");
    expect(wrong).toContain("2026-03-29 02:30 Europe/Berlin does not exist");
  });

  it("shows a pod's name, Job, outcome and exit code when its bar is hovered", async () => {
    const report = reportOf("spot-evictions");
    const failed = report.pods.find(
      (p) => p.phase === "Failed" && !p.conditions.includes("DisruptionTarget"),
    );
    const evicted = report.pods.find((p) => p.conditions.includes("DisruptionTarget"));
    expect(failed).toBeDefined();
    expect(evicted).toBeDefined();
    await open(path.join(root, "spot-evictions", "report.html"));
    for (const [pod, outcome] of [
      [failed!, "failed"],
      [evicted!, "evicted"],
    ] as const) {
      const point = await page.evaluate(
        (name) =>
          (
            window as unknown as { jobsim: { podPoint(n: string): { x: number; y: number } | null } }
          ).jobsim.podPoint(name),
        pod.name,
      );
      expect(point).not.toBeNull();
      await page.mouse.move(point!.x, point!.y);
      const tip = await page.$eval("#tooltip", (t) => ({
        text: t.textContent ?? "",
        shown: getComputedStyle(t).display,
      }));
      expect(tip.shown).toBe("block");
      expect(tip.text).toContain(`pod ${pod.name}\n`);
      expect(tip.text).toContain(`Job ${pod.job}`);
      expect(tip.text).toContain(`outcome: ${outcome}, exit code ${pod.exitCode}`);
      await page.mouse.move(2, 2);
    }
    expect(problems).toEqual([]);
  });

  it("shows a schedule instant in the CronJob's time zone and in UTC when its mark is hovered", async () => {
    const report = reportOf("berlin-dst");
    const instant = report.cronjobs[0]!.schedules[0]!;
    await open(path.join(root, "berlin-dst", "report.html"));
    const point = await page.evaluate(() =>
      (
        window as unknown as { jobsim: { markPoint(c: number, k: number): { x: number; y: number } | null } }
      ).jobsim.markPoint(0, 0),
    );
    expect(point).not.toBeNull();
    await page.mouse.move(point!.x, point!.y);
    const tip = await page.$eval("#tooltip", (t) => t.textContent ?? "");
    // 01:30 UTC on 2026-03-25 is 02:30 in Berlin (CET, UTC+1).
    expect(instant.scheduledTime).toBe("2026-03-25T01:30:00.000Z");
    expect(tip).toContain("scheduled 2026-03-25 02:30:00 GMT+1 (Europe/Berlin)");
    expect(tip).toContain("2026-03-25 01:30:00 UTC");
    expect(tip).toContain(`Job ${instant.job}`);
    await page.mouse.move(2, 2);
    expect(problems).toEqual([]);
  });

  it("zooms with the buttons and the wheel, and pans by dragging", async () => {
    await open(path.join(root, "quickstart", "report.html"));
    const view = () =>
      page.evaluate(() => (window as unknown as { jobsim: { view(): [number, number] } }).jobsim.view());
    const [a0, b0] = await view();
    await page.click("#zoom-in");
    const [a1, b1] = await view();
    expect(b1 - a1).toBeCloseTo((b0 - a0) / 2, 6);
    const box = (await (await page.$("#tl-canvas"))!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + 40);
    await page.mouse.wheel({ deltaY: -400 });
    const [a2, b2] = await view();
    expect(b2 - a2).toBeLessThan(b1 - a1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6 - 200, box.y + 40, { steps: 4 });
    await page.mouse.up();
    const [a3, b3] = await view();
    expect(b3 - a3).toBeCloseTo(b2 - a2, 6);
    expect(a3).toBeGreaterThan(a2);
    await page.click("#zoom-reset");
    expect(await view()).toEqual([0, 21_600]);
    // It opened on the 12 minutes the Job ran, not on the whole 6-hour horizon.
    expect(b0 - a0).toBeLessThan(900);
    await page.click("#zoom-activity");
    expect(await view()).toEqual([a0, b0]);
    expect(problems).toEqual([]);
  });

  it("renders a non-blank timeline (a screenshot with many distinct colours)", async () => {
    await open(path.join(root, "spot-evictions", "report.html"));
    const png = Buffer.from(await (await page.$("#timeline"))!.screenshot({ type: "png" })).toString(
      "base64",
    );
    // The browser decodes its own screenshot; count the distinct colours of its pixels.
    const colours = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < px.length; i += 4) seen.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
      return { seen: seen.size, width: c.width, height: c.height };
    }, png);
    expect(colours.width).toBeGreaterThan(500);
    expect(colours.height).toBeGreaterThan(150);
    // Bars of each outcome, text and grid: far more than a blank or single-colour panel.
    expect(colours.seen).toBeGreaterThan(50);
  });

  it("keeps a hostile Job name as text: no </script> or U+2028 breaks out of the data", async () => {
    const report = reportOf("etl-pipeline");
    const hostile = "x</script><script>window.pwned=1</script>\u2028<!--<img src=x onerror=window.pwned=2>";
    report.jobs[0]!.name = hostile;
    report.scenario.name = `<b>${hostile}</b>`;
    for (const p of report.pods) if (p.job === "extract-orders") p.job = hostile;
    const file = path.join(root, "hostile.html");
    writeFileSync(file, renderReportHtml(report));
    await open(file);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.$eval("h1", (h) => h.textContent)).toBe(`<b>${hostile}</b>`);
    const cells = await page.$$eval("#jobs td", (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain(hostile);
  });

  it("draws a sweep's page: an outcome row and a distribution row per grid point, the grid as a table", async () => {
    const sweep = JSON.parse(readFileSync(path.join(root, "sweep", "sweep.json"), "utf8")) as SweepReport;
    await open(path.join(root, "sweep", "report.html"));
    expect(problems).toEqual([]);
    const shown = await page.evaluate(() => ({
      outcomeRows: document.querySelectorAll("table.outcomes tr").length,
      charts: document.querySelectorAll("#dist .metric").length,
      rowsPerChart: document.querySelector("#dist .metric")?.querySelectorAll("g.dist-row").length,
      gridCells: document.querySelectorAll("table.grid td.heat").length,
    }));
    const points = sweep.points.length;
    // Metrics that vary somewhere get a chart; the rest are listed as constant.
    const varying = Object.keys(sweep.points[0]!.metrics).filter((m) =>
      sweep.points.some(
        (p) =>
          p.metrics[m]!.min !== p.metrics[m]!.max || p.metrics[m]!.min !== sweep.points[0]!.metrics[m]!.min,
      ),
    );
    expect(shown).toEqual({
      outcomeRows: points + 1,
      charts: varying.length,
      rowsPerChart: points,
      gridCells: points,
    });
    expect(varying.length).toBeGreaterThan(5);
  });
});
