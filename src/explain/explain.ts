/**
 * `sim explain REPORT TARGET`: find the target in a report and tell its story. Every problem
 * the user can fix (a report without the arrays a story needs, a target not in the report) is a
 * {@link ReportInputError}; the command line maps it to exit 2.
 */
import { nearestNames } from "../report/compare.js";
import { ReportInputError } from "../report/errors.js";
import type { ReadReport } from "../report/read-report.js";
import type { Report } from "../report/types.js";
import { cronJobStory } from "./cronjob-story.js";
import { jobStory } from "./job-story.js";
import { humanDuration, type Story } from "./story.js";
import { parseTarget, type Target } from "./target.js";

/** The arrays each kind of story reads. */
const NEEDS: Readonly<Record<Target["kind"], readonly string[]>> = {
  job: ["jobs", "pods", "events"],
  pod: ["jobs", "pods", "events"],
  cronjob: ["cronjobs"],
};

/** The story of `targetText` in the report read as `read`. */
export function explain(read: ReadReport, targetText: string): Story {
  const target = parseTarget(targetText);
  const lacking = NEEDS[target.kind].filter((k) => read.omitted.includes(k));
  if (lacking.length > 0) {
    throw new ReportInputError(
      `${read.file} has no ${lacking.join(", ")}: it was written with --summary-only, which keeps only the summary; run the scenario again without --summary-only to explain a ${target.kind}`,
    );
  }
  const report = read.report;
  switch (target.kind) {
    case "job":
      return explainJob(report, target);
    case "pod":
      return explainPod(report, target);
    case "cronjob": {
      const cj = pick(report.cronjobs, target, "CronJob");
      const at = target.instant === null ? "" : `@${target.instant.text}`;
      return cronJobStory(cj, target.instant, report, `cronjob/${cj.namespace}/${cj.name}${at}`);
    }
  }
}

/** The one object named by `target` among `items`, or an error naming the nearest names. */
function pick<T extends { namespace: string; name: string }>(
  items: readonly T[],
  target: { namespace: string | null; name: string },
  noun: string,
): T {
  const matches = items.filter(
    (i) => i.name === target.name && (target.namespace === null || i.namespace === target.namespace),
  );
  if (matches.length > 0) {
    const namespaces = new Set(matches.map((m) => m.namespace));
    if (namespaces.size > 1) {
      throw new ReportInputError(
        `${noun} ${target.name} is in several namespaces (${[...namespaces].join(", ")}): name one, e.g. ${noun.toLowerCase()}/${[...namespaces][0]}/${target.name}`,
      );
    }
    // A name used again after a deletion: the latest (records are in creation order).
    return matches[matches.length - 1]!;
  }
  const spelled = target.namespace === null ? target.name : `${target.namespace}/${target.name}`;
  if (items.length === 0) throw new ReportInputError(`the report has no ${noun}s, so no ${noun} ${spelled}`);
  const qualify = new Set(items.map((i) => i.namespace)).size > 1 || target.namespace !== null;
  const names = [...new Set(items.map((i) => (qualify ? `${i.namespace}/${i.name}` : i.name)))];
  const near = nearestNames(spelled, names);
  return fail(`the report has no ${noun} ${spelled}; nearest: ${near.join(", ")}`);
}

function fail(message: string): never {
  throw new ReportInputError(message);
}

function explainJob(report: Report, target: Target & { kind: "job" | "pod" }): Story {
  const skipped = (report.skipped ?? []).find(
    (s) => s.name === target.name && (target.namespace === null || s.namespace === target.namespace),
  );
  if (
    skipped !== undefined &&
    !report.jobs.some((j) => j.name === target.name && j.namespace === skipped.namespace)
  ) {
    return {
      target: `job/${skipped.namespace}/${skipped.name}`,
      title: `Job ${skipped.namespace}/${skipped.name} (a dependent Job, jobsim.dev/depends-on)`,
      lines: [{ time: skipped.at, text: `never created: skipped, ${skipped.cause}` }],
      notes: [],
    };
  }
  const job = pick(report.jobs, target, "Job");
  return jobStory(job, contextOf(report, job.namespace, job.name), `job/${job.namespace}/${job.name}`);
}

function contextOf(report: Report, namespace: string, name: string) {
  return {
    report,
    events: report.events.filter(
      (e) => e.object.kind === "Job" && e.object.name === name && e.object.namespace === namespace,
    ),
    pods: report.pods.filter((p) => p.job === name && p.namespace === namespace),
  };
}

function explainPod(report: Report, target: Target & { kind: "job" | "pod" }): Story {
  const pod = pick(report.pods, target, "pod");
  const job = report.jobs.find((j) => j.name === pod.job && j.namespace === pod.namespace);
  if (job === undefined)
    throw new ReportInputError(`pod ${pod.name}: its Job ${pod.job} is not in the report`);
  const whole = jobStory(job, contextOf(report, job.namespace, job.name), `job/${job.namespace}/${job.name}`);
  // The pod's own lines, and the Job's outcome lines that followed them.
  const lines = whole.lines.filter(
    (l) =>
      l.pod === pod.name ||
      (l.pod === undefined && /^(SuccessCriteriaMet|FailureTarget|Complete|Failed):/.test(l.text)),
  );
  const life =
    pod.startedAt !== null && pod.finishedAt !== null
      ? `, ran ${humanDuration(Date.parse(pod.finishedAt) - Date.parse(pod.startedAt))}`
      : "";
  return {
    target: `pod/${pod.namespace}/${pod.name}`,
    title: `Pod ${pod.namespace}/${pod.name} of Job ${pod.job}${pod.index === null ? "" : `, index ${pod.index}`} (${pod.phase}${life}); ${whole.title}`,
    lines,
    notes: whole.notes,
  };
}
