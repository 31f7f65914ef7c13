/**
 * Fixtures for CronJob controller tests, after upstream cronjob_controllerv2_test.go and
 * utils_test.go: the `cronJob()` and `jobSpec()` templates and the
 * fixed instants around 2016-05-19T10:00:00Z (a Thursday).
 */
import type { CronJobControllerDeps } from "../../src/controllers/cronjob/index.js";
import {
  FakeCronJobControl,
  FakeJobControl,
  getJobFromTemplate2,
  type ScheduleDecision,
} from "../../src/controllers/cronjob/index.js";
import { type Millis, parseDuration, parseInstant, type SimTime } from "../../src/engine/time.js";
import { MemoryRecorder } from "../../src/k8s/events.js";
import type { CronJob, Job, JobConditionType, JobSpec } from "../../src/k8s/types.js";
import { newJob } from "./job-builders.js";

/** An RFC 3339 instant as SimTime; throws on a typo so fixtures cannot silently be NaN. */
export function at(text: string): SimTime {
  const t = parseInstant(text);
  if (t === undefined) throw new Error(`test setup error: bad instant ${text}`);
  return t;
}

/** A Go duration (`59m0.1s`) in ms; throws on a typo. */
export function dur(text: string): Millis {
  const d = parseDuration(text);
  if (d === undefined) throw new Error(`test setup error: bad duration ${text}`);
  return d;
}

export const justBeforeThePriorHour = (): SimTime => at("2016-05-19T08:59:00Z");
export const justAfterThePriorHour = (): SimTime => at("2016-05-19T09:01:00Z");
export const justBeforeTheHour = (): SimTime => at("2016-05-19T09:59:00Z");
export const justASecondBeforeTheHour = (): SimTime => at("2016-05-19T09:59:59Z");
export const topOfTheHour = (): SimTime => at("2016-05-19T10:00:00Z");
export const justAfterTheHour = (): SimTime => at("2016-05-19T10:01:00Z");
export const justBeforeTheNextHour = (): SimTime => at("2016-05-19T10:59:00Z");
export const weekAfterTheHour = (): SimTime => at("2016-05-26T10:00:00Z");

export const onTheHour = "0 * * * ?";
export const everyHour = "@every 1h";
export const errorSchedule = "obvious error schedule";
export const errorTimeZone = "bad timezone";
export const newYork = "America/New_York";
export const shortDead = 10;
export const mediumDead = 2 * 60 * 60;
export const longDead = 1_000_000;

/** upstream `jobSpec()`: parallelism and completions 1, pod labels foo=bar, image foo/bar, no selector. */
export function jobSpec(): JobSpec {
  const spec = newJob().spec;
  // A CronJob's template carries no selector: each Job's is generated when it is created.
  spec.selector = { matchLabels: {} };
  return spec;
}

/** upstream `cronJob()`: mycronjob in snazzycats, uid 1a2b3c, created justBeforeTheHour, "* * * * ?". */
export function cronJob(): CronJob {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: {
      name: "mycronjob",
      namespace: "snazzycats",
      uid: "1a2b3c",
      resourceVersion: 1,
      generation: 1,
      creationTimestamp: justBeforeTheHour(),
      deletionTimestamp: null,
      deletionGracePeriodSeconds: null,
      labels: {},
      annotations: {},
      finalizers: [],
      ownerReferences: [],
    },
    spec: {
      schedule: "* * * * ?",
      timeZone: null,
      startingDeadlineSeconds: null,
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { a: "b" }, annotations: { x: "y" } }, spec: jobSpec() },
    },
    status: { active: [], lastScheduleTime: null, lastSuccessfulTime: null },
  };
}

/** The Job the controller would have created for `scheduledTime`, stored with `uid` (upstream test setup). */
export function jobFor(cj: CronJob, scheduledTime: SimTime, uid = "1234"): Job {
  const job = getJobFromTemplate2(cj, scheduledTime);
  if (job instanceof Error) throw job;
  job.metadata.uid = uid;
  return job;
}

/** Mark a Job finished with a True `type` condition; Complete also sets completionTime. */
export function finish(
  job: Job,
  type: JobConditionType,
  when: SimTime,
  startTime: SimTime | null = null,
): Job {
  job.status.conditions.push({
    type,
    status: "True",
    reason: "",
    message: "",
    lastProbeTime: when,
    lastTransitionTime: when,
  });
  if (type === "Complete") job.status.completionTime = when;
  job.status.startTime = startTime;
  return job;
}

/** A recorded schedule decision, for assertions. */
export interface Decision {
  scheduledTime: SimTime;
  decision: ScheduleDecision;
  job: string | null;
}

/** Controller deps over fakes, with the decisions the callback saw. */
export function fakeDeps(): {
  deps: CronJobControllerDeps;
  jobControl: FakeJobControl;
  cronJobControl: FakeCronJobControl;
  recorder: MemoryRecorder;
  decisions: Decision[];
} {
  const jobControl = new FakeJobControl();
  const cronJobControl = new FakeCronJobControl();
  const recorder = new MemoryRecorder();
  const decisions: Decision[] = [];
  const deps: CronJobControllerDeps = {
    jobControl,
    cronJobControl,
    recorder,
    onScheduleDecision: (_cj, scheduledTime, decision, job) =>
      decisions.push({ scheduledTime, decision, job: job?.metadata.name ?? null }),
  };
  return { deps, jobControl, cronJobControl, recorder, decisions };
}

/** Events as "Type Reason" strings, in emission order. */
export function eventList(recorder: MemoryRecorder): string[] {
  return recorder.events.map((e) => `${e.type} ${e.reason}`);
}
