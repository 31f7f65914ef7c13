/**
 * Throughput of the robfig-compatible `next()` for the two targets of issue 4:
 * `*\/15 * * * *` in UTC and `0 2 * * *` in America/New_York (target ≥ 1M calls/s each).
 * Runnable directly: `npx tsx test/bench/cron-next.ts`.
 */

import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { next, parseSchedule } from "../../src/cron/index.js";

/** One benchmark figure. */
export interface CronBenchResult {
  name: string;
  callsPerSecond: number;
}

const TARGETS = [
  { spec: "*/15 * * * *", zone: "UTC" },
  { spec: "0 2 * * *", zone: "America/New_York" },
];

/** Start instants spread over 2024–2026 (fixed LCG, so every run sees the same inputs). */
function startTimes(count: number): Float64Array {
  const out = new Float64Array(count);
  const base = Date.UTC(2024, 0, 1);
  const span = 3 * 365 * 86_400_000;
  let x = 12_345;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    out[i] = base + Math.floor((x / 2 ** 32) * span);
  }
  return out;
}

/**
 * Median calls/s over `runs` runs of `calls` next() calls each, from varied start times (after a
 * warm-up that also fills the zone caches).
 */
export function benchCronNext(runs = 7, calls = 300_000): CronBenchResult[] {
  const starts = startTimes(4096);
  return TARGETS.map(({ spec, zone }) => {
    const parsed = parseSchedule(spec);
    if (!parsed.ok) throw new Error(parsed.message);
    const s = parsed.schedule;
    let sink = 0;
    for (let i = 0; i < 50_000; i++) sink += next(s, starts[i & 4095]!, zone) ?? 0;
    const rates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) sink += next(s, starts[i & 4095]!, zone) ?? 0;
      rates.push(calls / ((performance.now() - t0) / 1000));
    }
    if (sink === 0) throw new Error("unreachable: keeps the loop observable");
    rates.sort((a, b) => a - b);
    return { name: `next() ${spec} ${zone}`, callsPerSecond: Math.round(rates[Math.floor(runs / 2)]!) };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of benchCronNext())
    console.log(`${r.name}: ${r.callsPerSecond.toLocaleString("en-US")} calls/s`);
}
