/**
 * Which Jobs the terminal table lists (`sim run --jobs failed|all|NAME|label=value`). The default
 * leads with what went wrong: every failed Job first, then the first and last of the others by
 * creation, the rest folded into a count.
 */
import type { ReportJob } from "./types.js";

/** What `--jobs` asked for. */
export type JobSelection =
  | { kind: "default" }
  | { kind: "failed" }
  | { kind: "all" }
  /** A Job by name, or every Job of the CronJob of that name. */
  | { kind: "name"; name: string }
  /** Jobs carrying every one of these labels. */
  | { kind: "labels"; labels: readonly (readonly [string, string])[] };

/**
 * Parse `--jobs`: `failed`, `all`, `key=value[,key=value...]` (labels), else a name. Returns a
 * message for an empty text or a malformed label pair.
 */
export function parseJobSelection(raw: string | undefined): JobSelection | string {
  if (raw === undefined) return { kind: "default" };
  const text = raw.trim();
  if (text === "") return "expected failed, all, a Job or CronJob name, or label=value";
  if (text === "failed" || text === "all") return { kind: text };
  if (!text.includes("=")) return { kind: "name", name: text };
  const labels: [string, string][] = [];
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    if (eq <= 0 || key === "")
      return `expected label=value pairs separated by commas, got ${JSON.stringify(pair)}`;
    labels.push([key, pair.slice(eq + 1).trim()]);
  }
  return { kind: "labels", labels };
}

/** A row of the table: a Job, or a line saying how many were left out there. */
export type JobTableEntry = { job: ReportJob } | { hidden: number; what: string };

/** The rows chosen, and a note when a name or label matched nothing. */
export interface ChosenJobs {
  entries: JobTableEntry[];
  note: string | null;
}

export function isFailed(job: ReportJob): boolean {
  return job.status.conditions.some((c) => c.type === "Failed" && c.status === "True");
}

/** `jobs` cut to `limit` rows (half first, half last), the middle folded into a count. */
function firstAndLast(jobs: readonly ReportJob[], limit: number, what: string): JobTableEntry[] {
  if (jobs.length <= limit + 1) return jobs.map((job) => ({ job }));
  const head = Math.ceil(limit / 2);
  const tail = Math.floor(limit / 2);
  return [
    ...jobs.slice(0, head).map((job) => ({ job })),
    { hidden: jobs.length - head - tail, what },
    ...jobs.slice(jobs.length - tail).map((job) => ({ job })),
  ];
}

/** The table's rows for `selection`; `limit` bounds the default view's rows of each kind. */
export function chooseJobs(jobs: readonly ReportJob[], selection: JobSelection, limit = 10): ChosenJobs {
  switch (selection.kind) {
    case "all":
      return { entries: jobs.map((job) => ({ job })), note: null };
    case "failed": {
      const failed = jobs.filter(isFailed);
      return { entries: failed.map((job) => ({ job })), note: failed.length === 0 ? "No Job failed." : null };
    }
    case "name": {
      const { name } = selection;
      const chosen = jobs.filter((j) => j.name === name || j.cronJob === name);
      return {
        entries: chosen.map((job) => ({ job })),
        note: chosen.length === 0 ? `No Job or CronJob named ${JSON.stringify(name)} created a Job.` : null,
      };
    }
    case "labels": {
      const chosen = jobs.filter((j) => selection.labels.every(([k, v]) => j.labels?.[k] === v));
      const text = selection.labels.map(([k, v]) => `${k}=${v}`).join(",");
      return {
        entries: chosen.map((job) => ({ job })),
        note: chosen.length === 0 ? `No Job has the labels ${text}.` : null,
      };
    }
    case "default": {
      const failed = jobs.filter(isFailed);
      const others = failed.length === 0 ? jobs : jobs.filter((j) => !isFailed(j));
      const what = failed.length === 0 ? "more Jobs" : "more Jobs that did not fail";
      return {
        entries: [...firstAndLast(failed, limit, "more failed Jobs"), ...firstAndLast(others, limit, what)],
        note: null,
      };
    }
  }
}
