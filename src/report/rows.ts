/** Report rows (docs/report-contract.md `jobs[]`, `pods[]`, `events[]`) from the recorder's records. */

import { DEFAULT_NODE_NAME } from "../cluster/scheduler.js";
import { formatInstant } from "../engine/time.js";
import type { Job } from "../k8s/types.js";
import type { EventRecord, JobRecord, PodRecord } from "./records.js";
import type { ReportEvent, ReportJob, ReportJobStatus, ReportPod } from "./types.js";

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

export function jobRow(r: JobRecord): ReportJob {
  return {
    namespace: r.namespace,
    name: r.name,
    cronJob: r.cronJob,
    labels: r.last.metadata.labels,
    createdAt: formatInstant(r.createdAt),
    deletedAt: iso(r.deletedAt),
    spec: jobSpec(r.last),
    status: jobStatus(r.last),
    retries: r.retries.count,
  };
}

export function podRow(p: PodRecord): ReportPod {
  return {
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
    // Only work-queue pods carry it, so other reports stay as they were.
    ...(p.items !== null && { items: p.items }),
    // Only where it applies, like items: the one implicit node of a cluster without `nodes` is not named.
    ...(p.node !== null && p.node !== DEFAULT_NODE_NAME && { node: p.node }),
    // The summary's pods.deletedByController, pod by pod: deleted before it finished, not succeeded.
    ...(p.deletedBeforeFinish && p.phase !== "Succeeded" && { deletedByController: true }),
  };
}

export function eventRow(e: EventRecord): ReportEvent {
  return {
    time: formatInstant(e.time),
    type: e.type,
    reason: e.reason,
    object: { kind: e.kind, namespace: e.namespace, name: e.name },
    message: e.message,
  };
}
