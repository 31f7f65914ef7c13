import { formatInstant } from "../engine/time.js";
import type { Scenario } from "../scenario/types.js";
import type { ReportRecorder } from "./recorder.js";
import { eventRow, jobRow, podRow } from "./rows.js";
import { cronJobSummary, type ScheduleCounts } from "./schedules.js";
import type { Report, ReportCronJob, ReportSkippedJob, SummaryTree } from "./types.js";

/** What jobsim's orchestration layer adds: skipped dependent Jobs and arrival submissions. */
export interface OrchestrationTotals {
  skipped: readonly { namespace: string; name: string; cause: string; at: number }[];
  arrivalsSubmitted: number;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Records by creation time, then name (the contract's order). Records arrive in creation-time
 * order already, so only runs created at the same instant need sorting, by name.
 */
function inCreationOrder<T extends { createdAt: number; name: string }>(records: readonly T[]): T[] {
  const out = records.slice();
  let start = 0;
  for (let i = 1; i <= out.length; i++) {
    if (i === out.length || out[i]!.createdAt !== out[start]!.createdAt) {
      if (i - start > 1) {
        const run = out.slice(start, i).sort(byName);
        for (let k = 0; k < run.length; k++) out[start + k] = run[k]!;
      }
      start = i;
    }
  }
  return out;
}

/**
 * Everything `sim run` writes, from what the recorder kept (docs/report-contract.md). Call after
 * `recorder.finish()`. With streaming sinks the recorder kept no rows: the arrays are empty
 * (`--summary-only` leaves them out of report.json anyway).
 */
export function buildReport(
  scenario: Scenario,
  recorder: ReportRecorder,
  engineEvents: number,
  settings: Record<string, unknown>,
  cron: { cronjobs: ReportCronJob[]; counts: ScheduleCounts; replaced: number },
  orchestration: OrchestrationTotals = { skipped: [], arrivalsSubmitted: 0 },
): Report {
  const sim = scenario.simulation;
  const cronjobs = cronJobSummary(cron.counts, cron.replaced, recorder.tooManyMissedTimesEvents);
  const summary = recorder.totals.summary(sim.end - sim.start, engineEvents, cronjobs);
  // jobs.skipped: dependent Jobs never created; arrivals.submitted: Jobs an arrival process created.
  (summary.jobs as SummaryTree).skipped = orchestration.skipped.length;
  summary.arrivals = { submitted: orchestration.arrivalsSubmitted };
  const skipped: ReportSkippedJob[] = [...orchestration.skipped]
    .sort(
      (a, b) =>
        a.at - b.at || byName(a, b) || (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0),
    )
    .map((s) => ({ namespace: s.namespace, name: s.name, cause: s.cause, at: formatInstant(s.at) }));
  return {
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "Report",
    scenario: {
      name: sim.name,
      seed: sim.seed,
      start: formatInstant(sim.start),
      end: formatInstant(sim.end),
      sha256: scenario.sha256,
    },
    settings,
    summary,
    jobs: inCreationOrder(recorder.jobs).map(jobRow),
    pods: inCreationOrder(recorder.pods).map(podRow),
    cronjobs: cron.cronjobs,
    events: recorder.events.map(eventRow),
    skipped,
  };
}
