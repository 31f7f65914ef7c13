/**
 * `npm run bench`: prints figures, asserts nothing (targets live here, not in timed tests).
 * Every figure is the median of several runs in this one process, so ratios compare like with
 * like on a shared, noisy machine; the "end to end" lines time `sim run` in fresh processes
 * (start-up and report files included), as a user sees it. BENCH_YEAR=0 skips the year run.
 */
import { Priority } from "../../src/engine/priorities.js";
import { Simulator } from "../../src/engine/simulator.js";
import type { Distribution } from "../../src/rand/distributions.js";
import { sampleMillis } from "../../src/rand/distributions.js";
import { RandomStreams } from "../../src/rand/streams.js";
import { runScenario } from "../../src/run/run.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/types.js";
import { timeCliRun } from "./cli-wall.js";
import { BareHeap } from "./heap-baseline.js";
import { benchReportHtml } from "./html-load.js";
import { benchSweep } from "./sweep.js";
import { benchTargets } from "./targets.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(runs: number, fn: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Deterministic pseudo-random delays, the same for heap and engine. */
function delays(n: number): Float64Array {
  const d = new Float64Array(n);
  let x = 123456789;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    d[i] = 1 + (x % 10000);
  }
  return d;
}

function benchHeap(pending: number, pairs: number, d: Float64Array): number {
  const h = new BareHeap();
  for (let i = 0; i < pending; i++) h.push(d[i % d.length]!);
  for (let i = 0; i < pairs; i++) {
    const t = h.pop();
    h.push(t + d[i % d.length]!);
  }
  return h.size;
}

function benchEngine(pending: number, pairs: number, d: Float64Array): number {
  const sim = new Simulator(0);
  let left = pairs;
  let i = 0;
  const handler = (): void => {
    if (left-- > 0) sim.after(d[i++ % d.length]!, Priority.podTransition, handler);
  };
  for (let k = 0; k < pending; k++) sim.at(d[k % d.length]!, Priority.podTransition, handler);
  while (left > 0 && sim.step()) {}
  return sim.pending;
}

function perSecond(count: number, ms: number): string {
  const rate = (count / ms) * 1000;
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M/s` : `${(rate / 1e3).toFixed(0)}k/s`;
}

function load(file: string, patch?: (s: Scenario) => void): Scenario {
  const r = loadScenario(file);
  if (!r.ok) throw new Error(r.errors.map((e) => e.format()).join("\n"));
  patch?.(r.scenario);
  return r.scenario;
}

const d = delays(1 << 16);
const PAIRS = 2_000_000;
console.log("engine vs bare typed-array heap (pop+push pairs, median of 5)");
for (const pending of [1_000, 1_000_000]) {
  benchHeap(pending, PAIRS / 4, d);
  benchEngine(pending, PAIRS / 4, d);
  const heapMs = median(timeIt(5, () => benchHeap(pending, PAIRS, d)));
  const engineMs = median(timeIt(5, () => benchEngine(pending, PAIRS, d)));
  console.log(
    `  pending ${pending.toLocaleString("en-US").padStart(9)}: heap ${perSecond(PAIRS, heapMs)}, engine ${perSecond(PAIRS, engineMs)}, ` +
      `engine/heap time ratio ${(engineMs / heapMs).toFixed(2)} (target <= 2)`,
  );
}

const NULL_SINKS = { sinks: { job() {}, pod() {}, event() {} } };

/** Runs a scenario `runs` times; prints and returns [median ms, events per second]. */
function scenarioFigures(
  label: string,
  scenario: Scenario,
  runs: number,
  streaming: boolean,
): [number, number] {
  let events = 0;
  let pods = 0;
  let jobs = 0;
  const times = timeIt(runs, () => {
    const { report } = runScenario(scenario, streaming ? NULL_SINKS : {});
    events = (report.summary.engine as { events: number }).events;
    pods = (report.summary.pods as { created: number }).created;
    jobs = (report.summary.jobs as { created: number }).created;
  });
  const ms = median(times);
  // The first run of a scenario pays for compiling its code paths; later runs are warm.
  const each = times.map((t) => (t / 1000).toFixed(2)).join(", ");
  console.log(
    `  ${label}: ${jobs.toLocaleString("en-US")} Jobs, ${pods.toLocaleString("en-US")} pods, ` +
      `${events.toLocaleString("en-US")} events in ${(ms / 1000).toFixed(2)} s (${perSecond(events, ms)} events/s; runs ${each} s)`,
  );
  return [ms, (events / ms) * 1000];
}

/** Prints end-to-end `sim run` figures (fresh processes): median wall time and peak memory. */
function cliFigures(label: string, args: string[], runs: number): void {
  const f = timeCliRun(args, runs);
  const peaks = f.peakMb.filter((mb): mb is number => mb !== null);
  const memory = peaks.length > 0 ? `, peak ${median(peaks).toFixed(0)} MB` : "";
  const all = runs > 1 ? ` (runs: ${f.seconds.map((s) => s.toFixed(2)).join(", ")} s)` : "";
  console.log(`  ${label}, end to end: ${median(f.seconds).toFixed(2)} s${memory}${all}`);
}

console.log("\nfull scenario: 100,000 pods, parallelism 1,000 (median of 3; target < 2 s)");
const big = "test/bench/scenarios/100k-pods.yaml";
const constant = load(big);
const lognormal = load(big, (s) => {
  s.simulation.workloads[0]!.duration = { kind: "lognormal", mu: Math.log(120_000), sigma: 0.5 };
});
scenarioFigures("constant durations, full report", constant, 3, false);
scenarioFigures("constant durations, --summary-only", constant, 3, true);
scenarioFigures("lognormal durations, --summary-only", lognormal, 3, true);
cliFigures("sim run --summary-only", [big, "--summary-only"], 3);
cliFigures("sim run (full report)", [big], 3);
console.log("\nreport.html of the 100,000-pod scenario (issue 14: opens in < 3 s, stays interactive)");
await benchReportHtml(big);

console.log("\nsampling at scenario level: 200 Jobs x 100 pods in series (same syncs per pod; median of 3)");
const serial = load("test/bench/scenarios/serial-jobs.yaml");
const serialLognormal = load("test/bench/scenarios/serial-jobs.yaml", (s) => {
  s.simulation.workloads[0]!.duration = { kind: "lognormal", mu: Math.log(120_000), sigma: 0.5 };
});
scenarioFigures("constant durations", serial, 3, true);
scenarioFigures("lognormal durations", serialLognormal, 3, true);
// The comparison itself from interleaved pairs, in alternating order (constant first, then
// lognormal first) so that neither pays the other's garbage every time, timed in process CPU
// time: the machine's speed drifts, and a pair run back to back sees the same conditions.
const PAIR_RUNS = 10;
const rateRatios: number[] = [];
const cpuRate = (scenario: Scenario): number => {
  const c0 = process.cpuUsage();
  const { report } = runScenario(scenario, NULL_SINKS);
  const cpu = process.cpuUsage(c0);
  return (report.summary.engine as { events: number }).events / (cpu.user + cpu.system);
};
for (let i = 0; i < PAIR_RUNS; i++) {
  if (i % 2 === 0) {
    const constantRate = cpuRate(serial);
    rateRatios.push(cpuRate(serialLognormal) / constantRate);
  } else {
    const lognormalRate = cpuRate(serialLognormal);
    rateRatios.push(lognormalRate / cpuRate(serial));
  }
}
const pct = (r: number): string => `${((r - 1) * 100).toFixed(1)}%`;
console.log(
  `  events/s lognormal vs constant: ${pct(median(rateRatios))} (median of ${PAIR_RUNS} interleaved pairs, ` +
    `range ${pct(Math.min(...rateRatios))} to ${pct(Math.max(...rateRatios))}; issue 5: no worse than -10%)`,
);

// The sampling cost alone: the engine loop with each event drawing its next delay from a
// distribution, constant vs lognormal, same stream, same number of events.
function benchSampling(dist: Distribution): number {
  const sim = new Simulator(0);
  const rng = new RandomStreams(1).get("bench/sampling");
  let left = PAIRS;
  const handler = (): void => {
    if (left-- > 0) sim.after(1 + sampleMillis(dist, rng), Priority.podTransition, handler);
  };
  for (let k = 0; k < 1000; k++) sim.at(k, Priority.podTransition, handler);
  while (left > 0 && sim.step()) {}
  return sim.pending;
}
const constantDist: Distribution = { kind: "constant", value: 120_000 };
const lognormalDist: Distribution = { kind: "lognormal", mu: Math.log(120_000), sigma: 0.5 };
benchSampling(constantDist);
benchSampling(lognormalDist);
const constSampleMs = median(timeIt(5, () => benchSampling(constantDist)));
const logSampleMs = median(timeIt(5, () => benchSampling(lognormalDist)));
console.log(
  `  engine + sampling: constant ${perSecond(PAIRS, constSampleMs)}, lognormal ${perSecond(PAIRS, logSampleMs)} events/s: ` +
    `${((constSampleMs / logSampleMs - 1) * 100).toFixed(1)}% (the sampling cost in isolation: ~${(((logSampleMs - constSampleMs) / PAIRS) * 1e6).toFixed(0)} ns per draw)`,
);

console.log("\n100 Jobs x 1,000 completions, parallelism 20, lognormal durations (median of 3)");
scenarioFigures("--summary-only", load("test/bench/scenarios/100-jobs-100k-pods.yaml"), 3, true);

console.log("\nCronJob every minute, Jobs of 20 s (--summary-only, median of 3)");
const minutely = load("test/bench/scenarios/minutely-year.yaml", (s) => {
  s.simulation.end = s.simulation.start + 7 * 86_400_000;
});
scenarioFigures("one week", minutely, 3, true);
// Not extrapolated: a week is mostly warm-up (JIT), which would make a year look slower.
console.log("  the target (< 20 s, < 1 GB) is the year end to end, files written:");
if (process.env.BENCH_YEAR === "0") {
  console.log("  (BENCH_YEAR=0: the year itself skipped)");
} else {
  cliFigures(
    "the year itself (median of 3), sim run --summary-only",
    ["test/bench/scenarios/minutely-year.yaml", "--summary-only"],
    3,
  );
}

try {
  const { benchCronNext } = await import("./cron-next.js");
  console.log("\ncron Next (median)");
  for (const r of benchCronNext())
    console.log(`  ${r.name}: ${(r.callsPerSecond / 1e6).toFixed(2)}M calls/s (target >= 1M/s)`);
} catch (e) {
  console.log(`\ncron Next: not available (${(e as Error).message})`);
}

benchSweep();

benchTargets();
