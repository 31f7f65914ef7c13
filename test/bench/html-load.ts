/// <reference lib="dom" />
/**
 * report.html of a large run: its size, the time to write it, and how fast the headless
 * browser loads it and redraws after a zoom (issue 14: the 100,000-pod page opens in under
 * 3 s and stays interactive). Figures only, asserted nowhere. Run alone with
 * `node --import tsx test/bench/html-load.ts`, or as part of `npm run bench`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import chromium from "@sparticuz/chromium";
import puppeteer from "puppeteer-core";
import { pageContextOf, renderReportHtml } from "../../src/report/html/index.js";
import { runScenario } from "../../src/run/run.js";
import { loadScenario } from "../../src/scenario/load.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Print the figures of `file`'s report.html (median of `runs` page loads in one browser). */
export async function benchReportHtml(file: string, runs = 3): Promise<void> {
  const loaded = loadScenario(file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join("\n"));
  const { report } = runScenario(loaded.scenario);
  const t0 = performance.now();
  const html = renderReportHtml(report, pageContextOf(loaded.scenario));
  const writeMs = performance.now() - t0;
  const dir = mkdtempSync(path.join(tmpdir(), "jobsim-bench-html-"));
  const page = path.join(dir, "report.html");
  writeFileSync(page, html);
  const bytes = Buffer.byteLength(html);
  console.log(
    `  report.html: ${(bytes / 1e6).toFixed(2)} MB (${report.pods.length} pods, ${report.jobs.length} Job(s)); rendered in ${writeMs.toFixed(0)} ms`,
  );
  const browser = await puppeteer.launch({
    args: chromium.args,
    executablePath: await chromium.executablePath(),
    headless: true,
    defaultViewport: { width: 1400, height: 1000 },
  });
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    const loads: number[] = [];
    const zooms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await tab.goto(`file://${page}`, { waitUntil: "load" });
      await tab.waitForSelector("body[data-ready]", { timeout: 60_000 });
      loads.push(performance.now() - start);
      // One zoom step: the timeline and the four charts redrawn, timed inside the page.
      zooms.push(
        await tab.evaluate(() => {
          const w = window as unknown as { jobsim: { zoom(f: number): void } };
          const z0 = performance.now();
          w.jobsim.zoom(0.5);
          return performance.now() - z0;
        }),
      );
    }
    console.log(
      `  load in headless Chromium (goto to drawn): median ${(median(loads) / 1000).toFixed(2)} s (runs: ${loads.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s; target < 3 s); zoom redraw ${median(zooms).toFixed(0)} ms${errors.length > 0 ? `; page errors: ${errors.join("; ")}` : ""}`,
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log("report.html of the 100,000-pod scenario");
  await benchReportHtml("test/bench/scenarios/100k-pods.yaml");
}
