/**
 * Events as `kubectl describe` shows them: repeats of one reason on one object folded into a
 * row whose AGE reads `5m (x81 over 80m)` (kubectl's `translateTimestampSince` of the last
 * occurrence, the count, and the span since the first). Messages of a folded row differ only
 * in the names they mention (client-go's EventAggregator folds such "similar events" the same
 * way); the row shows the last one. A reason seen on many objects of one kind folds once more,
 * into one row naming how many objects (`29 Jobs`), so a run of thousands of Jobs stays short.
 */
import { humanDuration } from "./display.js";
import { parseInstant } from "./instant.js";
import type { ReportEvent } from "./types.js";

/** One row of the events view. */
export interface EventGroup {
  type: ReportEvent["type"];
  reason: string;
  /** `cronjob/nightly`, or `29 Jobs` when folded across objects. */
  object: string;
  count: number;
  first: number;
  last: number;
  /** The message of the last occurrence. */
  message: string;
}

/** Objects of one kind past which one reason's rows fold into one. */
const FOLD_OBJECTS = 3;

/**
 * The groups of `events` worth reading at a glance: every Warning, and the Normal events of
 * CronJobs (their schedule's story: created, JobAlreadyActive, SawCompletedJob). Warnings first,
 * then by first occurrence.
 */
export function groupEvents(events: readonly ReportEvent[]): EventGroup[] {
  const byObject = new Map<string, EventGroup>();
  for (const e of events) {
    if (e.type !== "Warning" && e.object.kind !== "CronJob") continue;
    const key = `${e.type}\u0000${e.reason}\u0000${e.object.kind}\u0000${e.object.namespace}\u0000${e.object.name}`;
    const at = parseInstant(e.time);
    const group = byObject.get(key);
    if (group === undefined) {
      const object = `${e.object.kind.toLowerCase()}/${e.object.name}`;
      byObject.set(key, {
        type: e.type,
        reason: e.reason,
        object,
        count: 1,
        first: at,
        last: at,
        message: oneLine(e.message),
      });
    } else {
      group.count++;
      group.last = at;
      group.message = oneLine(e.message);
    }
  }
  return foldAcrossObjects([...byObject.values()]).sort(
    (a, b) => (a.type === b.type ? 0 : a.type === "Warning" ? -1 : 1) || a.first - b.first,
  );
}

/** Rows of one type, reason and kind on more than {@link FOLD_OBJECTS} objects become one. */
function foldAcrossObjects(groups: EventGroup[]): EventGroup[] {
  const byReason = new Map<string, EventGroup[]>();
  for (const g of groups) {
    const kind = g.object.slice(0, g.object.indexOf("/"));
    const key = `${g.type}\u0000${g.reason}\u0000${kind}`;
    const list = byReason.get(key);
    if (list === undefined) byReason.set(key, [g]);
    else list.push(g);
  }
  const out: EventGroup[] = [];
  for (const list of byReason.values()) {
    if (list.length <= FOLD_OBJECTS) {
      out.push(...list);
      continue;
    }
    const kind = list[0]!.object.slice(0, list[0]!.object.indexOf("/"));
    const latest = list.reduce((a, b) => (b.last >= a.last ? b : a));
    out.push({
      type: list[0]!.type,
      reason: list[0]!.reason,
      object: `${list.length} ${KIND_PLURAL[kind] ?? `${kind}s`}`,
      count: list.reduce((n, g) => n + g.count, 0),
      first: Math.min(...list.map((g) => g.first)),
      last: latest.last,
      message: latest.message,
    });
  }
  return out;
}

/** A message on one line of the table: line breaks as spaces. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, " ");
}

const KIND_PLURAL: Record<string, string> = { job: "Jobs", cronjob: "CronJobs", pod: "Pods" };

/** kubectl describe's AGE: `5m`, or `5m (x81 over 80m)` for a repeated event; `now` in ms. */
export function eventAge(group: EventGroup, now: number): string {
  const age = humanDuration((now - group.last) / 1000);
  if (group.count === 1) return age;
  return `${age} (x${group.count} over ${humanDuration((group.last - group.first) / 1000)})`;
}
