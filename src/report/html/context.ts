/**
 * What report.html needs that report.json does not hold: each CronJob's schedule and time zone,
 * the dependency annotations of the Jobs, and the cluster's pod capacity. Taken from the loaded
 * scenario by `sim run`; a page written without it simply leaves those parts out.
 */

import { podDemand } from "../../cluster/scheduler.js";
import type { CronJobManifest, JobManifest } from "../../k8s/types.js";
import { jobDependencies, type TriggerRule } from "../../scenario/dependencies.js";
import type { Scenario } from "../../scenario/types.js";

export interface PageCronJob {
  namespace: string;
  name: string;
  schedule: string;
  /** The zone its schedule is evaluated in: a TZ= prefix (robfig reads it first), else spec.timeZone, else the controller's. */
  timeZone: string;
}

export interface PageDependency {
  namespace: string;
  name: string;
  dependsOn: string[];
  rule: TriggerRule;
}

export interface PageContext {
  cronJobs: PageCronJob[];
  dependencies: PageDependency[];
  /** Pods the cluster can run at once (capacityPods, or the sum over cluster.nodes); null: no limit. */
  capacityPods: number | null;
  /**
   * With `cluster.nodes` that all allocate cpu: the allocatable millicores and each pod's request,
   * by its Job (`namespace/name`, which also names arrival templates) or its CronJob.
   */
  cpu: { allocatable: number; byJob: Record<string, number>; byCronJob: Record<string, number> } | null;
}

export const EMPTY_PAGE_CONTEXT: PageContext = {
  cronJobs: [],
  dependencies: [],
  capacityPods: null,
  cpu: null,
};

/** A TZ= or CRON_TZ= prefix of a schedule, as robfig reads it; null without one. */
function scheduleZone(schedule: string): string | null {
  const m = /^(?:CRON_)?TZ=(\S+)\s/.exec(schedule.trim());
  return m === null ? null : (m[1] ?? null);
}

/** The page context of a loaded scenario. */
export function pageContextOf(scenario: Scenario): PageContext {
  const spec = scenario.simulation;
  const cronJobs = allCronJobs(scenario).map((cj) => ({
    namespace: cj.metadata.namespace,
    name: cj.metadata.name,
    schedule: cj.spec.schedule,
    timeZone: scheduleZone(cj.spec.schedule) ?? cj.spec.timeZone ?? spec.controller.timeZone,
  }));
  const dependencies: PageDependency[] = [];
  for (const job of scenario.jobs) {
    const deps = jobDependencies(job);
    if (deps === null) continue;
    dependencies.push({
      namespace: job.metadata.namespace,
      name: job.metadata.name,
      dependsOn: deps.dependsOn,
      rule: deps.rule,
    });
  }
  const nodes = spec.cluster.nodes;
  const capacityPods =
    nodes !== undefined ? nodes.reduce((a, n) => a + n.count * n.pods, 0) : spec.cluster.capacityPods;
  return { cronJobs, dependencies, capacityPods, cpu: cpuOf(scenario) };
}

/** The scenario's Job manifests, then those its actions create. */
function allJobs(scenario: Scenario): JobManifest[] {
  const created = scenario.simulation.actions.flatMap((a) =>
    a.kind === "create" && a.manifest.kind === "Job" ? [a.manifest] : [],
  );
  return [...scenario.jobs, ...created];
}

/** The scenario's CronJob manifests, then those its actions create. */
function allCronJobs(scenario: Scenario): CronJobManifest[] {
  const created = scenario.simulation.actions.flatMap((a) =>
    a.kind === "create" && a.manifest.kind === "CronJob" ? [a.manifest] : [],
  );
  return [...scenario.cronJobs, ...created];
}

/** What the cluster's cpu utilization needs, as the capacity model counts it (pods/cluster.ts). */
function cpuOf(scenario: Scenario): PageContext["cpu"] {
  const spec = scenario.simulation;
  const nodes = spec.cluster.nodes;
  if (nodes === undefined || nodes.some((n) => n.milliCpu === null)) return null;
  const classes = spec.cluster.priorityClasses ?? {};
  const byJob: Record<string, number> = {};
  const byCronJob: Record<string, number> = {};
  for (const job of allJobs(scenario)) {
    byJob[`${job.metadata.namespace}/${job.metadata.name}`] = podDemand(
      job.spec.template.spec,
      classes,
    ).milliCpu;
  }
  for (const cj of allCronJobs(scenario)) {
    byCronJob[`${cj.metadata.namespace}/${cj.metadata.name}`] = podDemand(
      cj.spec.jobTemplate.spec.template.spec,
      classes,
    ).milliCpu;
  }
  return { allocatable: nodes.reduce((a, n) => a + n.count * n.milliCpu!, 0), byJob, byCronJob };
}
