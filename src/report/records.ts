/**
 * What the report keeps of each Job, pod and event while a run goes on: the records the
 * recorder fills and the metrics and row builders read (a home of their own, so those modules
 * and the recorder do not import each other).
 */
import type { SimTime } from "../engine/time.js";
import type { EventType } from "../k8s/events.js";
import type { Job } from "../k8s/types.js";
import type { JobRetries } from "./retries.js";

/** What the report keeps of one Job, updated as it changes. */
export interface JobRecord {
  namespace: string;
  name: string;
  uid: string;
  cronJob: string | null;
  createdAt: SimTime;
  deletedAt: SimTime | null;
  /** The latest version seen (the final one once deleted). */
  last: Job;
  /** Its failed attempts that were made again (`retries`). */
  retries: JobRetries;
}

/** What the report keeps of one pod. */
export interface PodRecord {
  namespace: string;
  name: string;
  job: string;
  jobUid: string;
  index: number | null;
  createdAt: SimTime;
  startedAt: SimTime | null;
  finishedAt: SimTime | null;
  deletedAt: SimTime | null;
  phase: string;
  exitCode: number | null;
  reason: string | null;
  restarts: number;
  disrupted: boolean;
  /** Deleted (by the Job controller, or with its Job) before it finished: not a failure. */
  deletedBeforeFinish: boolean;
  /** Work-queue pods: items finished (cluster/work-items.ts); null for other pods. */
  items: number | null;
  /** The node it was bound to (`cluster.nodes` only); null without named nodes or before binding. */
  node: string | null;
}

export interface EventRecord {
  time: SimTime;
  type: EventType;
  reason: string;
  kind: string;
  namespace: string;
  name: string;
  message: string;
}
