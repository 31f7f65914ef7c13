/**
 * What `sim explain` is asked about: `job/NAME`, `job/NAMESPACE/NAME`, `pod/NAME`,
 * `pod/NAMESPACE/NAME`, `cronjob/NAME` or `cronjob/NAME@TIME` (TIME in the CronJob's time zone,
 * `2026-03-08T02:30` or with seconds; with `Z` or `+01:00` it is an absolute instant).
 */
import { ReportInputError } from "../report/errors.js";

/** A wall-clock time as written, without a zone; seconds default to 0. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type InstantSpec =
  /** In the CronJob's own time zone. */
  | { kind: "local"; wall: WallTime; text: string }
  /** An absolute instant (the text had `Z` or an offset), in Unix milliseconds. */
  | { kind: "absolute"; ms: number; text: string };

export type Target =
  | { kind: "job" | "pod"; namespace: string | null; name: string }
  | { kind: "cronjob"; namespace: string | null; name: string; instant: InstantSpec | null };

const KINDS: Readonly<Record<string, "job" | "pod" | "cronjob">> = {
  job: "job",
  jobs: "job",
  pod: "pod",
  pods: "pod",
  cronjob: "cronjob",
  cronjobs: "cronjob",
  cj: "cronjob",
};

const USAGE =
  "expected job/NAME, pod/NAME or cronjob/NAME@2026-03-08T02:30 (a namespace may precede the name: job/batch/etl)";

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/i;

/** Parse a target; throws {@link ReportInputError} naming what was expected. */
export function parseTarget(text: string): Target {
  const slash = text.indexOf("/");
  const kind = slash < 0 ? undefined : KINDS[text.slice(0, slash).toLowerCase()];
  if (kind === undefined) throw new ReportInputError(`target ${JSON.stringify(text)}: ${USAGE}`);
  let rest = text.slice(slash + 1);
  let instant: InstantSpec | null = null;
  if (kind === "cronjob") {
    const at = rest.indexOf("@");
    if (at >= 0) {
      instant = parseInstantSpec(rest.slice(at + 1), text);
      rest = rest.slice(0, at);
    }
  } else if (rest.includes("@")) {
    throw new ReportInputError(`target ${JSON.stringify(text)}: only a cronjob target takes @TIME`);
  }
  const parts = rest.split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) {
    throw new ReportInputError(`target ${JSON.stringify(text)}: ${USAGE}`);
  }
  const name = parts[parts.length - 1]!;
  const namespace = parts.length === 2 ? parts[0]! : null;
  return kind === "cronjob" ? { kind, namespace, name, instant } : { kind, namespace, name };
}

function parseInstantSpec(text: string, target: string): InstantSpec {
  const m = WALL_RE.exec(text);
  const bad = () =>
    new ReportInputError(
      `target ${JSON.stringify(target)}: expected a time such as 2026-03-08T02:30 (the CronJob's zone) or 2026-03-08T01:30Z after @`,
    );
  if (m === null) throw bad();
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
  };
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const check = new Date(asUtc);
  // Reject 2026-02-30 or 25:00 rather than let them roll over into another day.
  if (
    check.getUTCMonth() !== wall.month - 1 ||
    check.getUTCDate() !== wall.day ||
    check.getUTCHours() !== wall.hour ||
    wall.minute > 59 ||
    wall.second > 59
  ) {
    throw bad();
  }
  const zone = m[7];
  if (zone === undefined) return { kind: "local", wall, text };
  if (zone.toUpperCase() === "Z") return { kind: "absolute", ms: asUtc, text };
  const sign = zone.startsWith("-") ? -1 : 1;
  const offsetMin = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return { kind: "absolute", ms: asUtc - offsetMin * 60_000, text };
}

/** The wall time as `2026-03-08T02:30` (`:SS` only when not zero). */
export function formatWall(w: WallTime): string {
  const p = (n: number, width = 2) => String(n).padStart(width, "0");
  const base = `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
  return w.second === 0 ? base : `${base}:${p(w.second)}`;
}
