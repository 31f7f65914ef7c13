import { formatInstant } from "../engine/time.js";
import type { Job } from "../k8s/types.js";
import type { Scenario } from "../scenario/types.js";
import { summarize } from "./metrics.js";
import type { ReportRecorder } from "./recorder.js";
import { cronJobSummary } from "./schedules.js";
import type { Report, ReportCronJob, ReportJob, ReportJobStatus } from "./types.js";

const iso = (t: number | null): string | null => (t === null ? null : formatInstant(t));

function jobSpec(job: Job): Record<string, unknown> {
  const { template: _template, selector: _selector, ...rest } = job.spec;
  return rest;
}

function jobStatus(job: Job): ReportJobStatus {
  const s = job.status;
  const status: ReportJobStatus = {
    startTime: iso(s.startTime),
    completionTime: iso(s.completionTime),
    active: s.active,
    ready: s.ready,
    terminating: s.terminating ?? 0,
    succeeded: s.succeeded,
    failed: s.failed,
    conditions: s.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: formatInstant(c.lastTransitionTime),
    })),
  };
  if (job.spec.completionMode === "Indexed") {
    status.completedIndexes = s.completedIndexes;
    status.failedIndexes = s.failedIndexes;
  }
  return status;
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

/** Everything `sim run` writes, from what the recorder kept (report-contract.md). */
export function buildReport(
  scenario: Scenario,
  recorder: ReportRecorder,
  engineEvents: number,
  settings: Record<string, unknown>,
  cron: { cronjobs: ReportCronJob[]; replaced: number },
): Report {
  const sim = scenario.simulation;
  const jobs: ReportJob[] = inCreationOrder(recorder.jobs).map((r) => ({
    namespace: r.namespace,
    name: r.name,
    cronJob: r.cronJob,
    createdAt: formatInstant(r.createdAt),
    deletedAt: iso(r.deletedAt),
    spec: jobSpec(r.last),
    status: jobStatus(r.last),
  }));
  const pods = inCreationOrder(recorder.pods).map((p) => ({
    namespace: p.namespace,
    name: p.name,
    job: p.job,
    index: p.index,
    createdAt: formatInstant(p.createdAt),
    startedAt: iso(p.startedAt),
    finishedAt: iso(p.finishedAt),
    deletedAt: iso(p.deletedAt),
    phase: p.phase,
    exitCode: p.exitCode,
    reason: p.reason,
    restarts: p.restarts,
    conditions: p.disrupted ? ["DisruptionTarget"] : [],
  }));
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
    summary: summarize(
      recorder,
      sim.end - sim.start,
      engineEvents,
      cronJobSummary(
        cron.cronjobs,
        cron.replaced,
        recorder.events.filter((e) => e.reason === "TooManyMissedTimes").length,
      ),
    ),
    jobs,
    pods,
    cronjobs: cron.cronjobs,
    events: recorder.events.map((e) => ({
      time: formatInstant(e.time),
      type: e.type,
      reason: e.reason,
      object: { kind: e.kind, namespace: e.namespace, name: e.name },
      message: e.message,
    })),
  };
}
