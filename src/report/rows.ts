/** Report rows (docs/report-contract.md `jobs[]`, `pods[]`, `events[]`) from the recorder's records. */

import { DEFAULT_NODE_NAME } from "../cluster/scheduler.js";
import { formatInstant } from "../engine/time.js";
import type { Job } from "../k8s/types.js";
import { parseInstant } from "./instant.js";
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

/** An instant field of a report pod. */
export type PodInstantField = "createdAt" | "startedAt" | "finishedAt" | "deletedAt";

/**
 * A report pod made from its record: the contract's fields (own, enumerable, in the contract's
 * order, so report.json and deep equality see the plain object), and the numbers its instants
 * were formatted from, which the CSV durations and the page's series use instead of parsing the
 * text back ({@link podInstant}).
 */
class RecordedPod implements ReportPod {
  declare namespace: string;
  declare name: string;
  declare job: string;
  declare index: number | null;
  declare createdAt: string;
  declare startedAt: string | null;
  declare finishedAt: string | null;
  declare deletedAt: string | null;
  declare phase: string;
  declare exitCode: number | null;
  declare reason: string | null;
  declare restarts: number;
  declare conditions: string[];
  declare items?: number;
  declare node?: string;
  declare deletedByController?: true;
  readonly #record: PodRecord;
  // The texts made from the record, to notice a field changed since: fields, not an array, so
  // a pod is one object (a run's report holds one per pod ever created).
  readonly #createdText: string;
  readonly #startedText: string | null;
  readonly #finishedText: string | null;
  readonly #deletedText: string | null;

  constructor(p: PodRecord) {
    this.namespace = p.namespace;
    this.name = p.name;
    this.job = p.job;
    this.index = p.index;
    this.createdAt = formatInstant(p.createdAt);
    this.startedAt = iso(p.startedAt);
    this.finishedAt = iso(p.finishedAt);
    this.deletedAt = iso(p.deletedAt);
    this.phase = p.phase;
    this.exitCode = p.exitCode;
    this.reason = p.reason;
    this.restarts = p.restarts;
    this.conditions = p.disrupted ? ["DisruptionTarget"] : [];
    // Only work-queue pods carry it, so other reports stay as they were.
    if (p.items !== null) this.items = p.items;
    // Only where it applies, like items: the one implicit node of a cluster without `nodes` is not named.
    if (p.node !== null && p.node !== DEFAULT_NODE_NAME) this.node = p.node;
    // The summary's pods.deletedByController, pod by pod: deleted before it finished, not succeeded.
    if (p.deletedBeforeFinish && p.phase !== "Succeeded") this.deletedByController = true;
    this.#record = p;
    this.#createdText = this.createdAt;
    this.#startedText = this.startedAt;
    this.#finishedText = this.finishedAt;
    this.#deletedText = this.deletedAt;
  }

  /** The milliseconds of `field` (NaN when null) from the record, while the text is the one made from it. */
  instant(field: PodInstantField): number {
    const text = this[field];
    const r = this.#record;
    switch (field) {
      case "createdAt":
        if (text === this.#createdText) return r.createdAt;
        break;
      case "startedAt":
        if (text === this.#startedText) return r.startedAt ?? Number.NaN;
        break;
      case "finishedAt":
        if (text === this.#finishedText) return r.finishedAt ?? Number.NaN;
        break;
      case "deletedAt":
        if (text === this.#deletedText) return r.deletedAt ?? Number.NaN;
        break;
    }
    return text == null ? Number.NaN : parseInstant(text);
  }
}

export function podRow(p: PodRecord): ReportPod {
  return new RecordedPod(p);
}

/**
 * The milliseconds of a report pod's instant `field`, NaN when it has none: a run's pod gives
 * the number the text was made of, any other pod (a report read back) its text parsed.
 */
export function podInstant(pod: ReportPod, field: PodInstantField): number {
  if (pod instanceof RecordedPod) return pod.instant(field);
  const text = pod[field];
  return text == null ? Number.NaN : parseInstant(text);
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
