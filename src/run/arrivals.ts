/**
 * Arrival processes (`spec.arrivals`): submit copies of a Job template named `<template>-<n>`
 * (n from 1) at fixed intervals from `start`, or as a Poisson process whose exponential gaps are
 * drawn from the stream `arrivals/<index>`, until `count` Jobs or the end of the horizon.
 */
import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import { formatInstant, type SimTime } from "../engine/time.js";
import type { StatusError } from "../k8s/api-errors.js";
import { type JobManifest, LABEL_JOB_NAME, LEGACY_LABEL_JOB_NAME } from "../k8s/types.js";
import { exponentialMillis } from "../rand/distributions.js";
import type { RandomStreams } from "../rand/streams.js";
import { arrivalTemplateKeys } from "../scenario/arrivals.js";
import type { Arrival, Scenario } from "../scenario/types.js";

/** A copy of `template` named `name`, its generated job-name labels following the new name. */
export function instanceOf(template: JobManifest, name: string): JobManifest {
  const old = template.metadata.name;
  const labels = { ...template.spec.template.metadata.labels };
  if (!template.spec.manualSelector) {
    for (const k of [LABEL_JOB_NAME, LEGACY_LABEL_JOB_NAME]) if (labels[k] === old) labels[k] = name;
  }
  const metaLabels = { ...template.metadata.labels };
  for (const k of [LABEL_JOB_NAME, LEGACY_LABEL_JOB_NAME]) if (metaLabels[k] === old) metaLabels[k] = name;
  return {
    ...template,
    metadata: { ...template.metadata, name, labels: metaLabels },
    spec: {
      ...template.spec,
      template: { ...template.spec.template, metadata: { ...template.spec.template.metadata, labels } },
    },
  };
}

/** Schedules every arrival process of a scenario and counts what it submitted. */
export class Arrivals {
  /** Jobs submitted (creation accepted by the API server). */
  submitted = 0;
  private readonly templates: Set<string>;

  constructor(
    private readonly sim: Simulator,
    private readonly streams: RandomStreams,
    private readonly scenario: Scenario,
    private readonly create: (manifest: JobManifest) => StatusError | null,
    private readonly warnings: string[],
  ) {
    this.templates = arrivalTemplateKeys(scenario.simulation.arrivals);
  }

  /** False for declared Jobs that are only arrival templates. */
  createdAtStart(manifest: JobManifest): boolean {
    return !this.templates.has(`${manifest.metadata.namespace}/${manifest.metadata.name}`);
  }

  /** Schedule the first arrival of each process; each arrival schedules the next. */
  start(): void {
    (this.scenario.simulation.arrivals ?? []).forEach((a, i) => {
      this.startOne(a, i);
    });
  }

  private startOne(a: Arrival, index: number): void {
    const t = a.template;
    const template =
      t.kind === "inline"
        ? t.manifest
        : this.scenario.jobs.find((j) => j.metadata.namespace === t.namespace && j.metadata.name === t.name);
    if (template === undefined) return; // load resolved every name
    const rng = this.streams.get(`arrivals/${index}`);
    const end = this.scenario.simulation.end;
    const p = a.process;
    // Fixed intervals start at `start`; a Poisson process's first arrival is one gap after it.
    const nextAfter = (prev: SimTime): SimTime =>
      p.kind === "interval" ? prev + p.every : prev + exponentialMillis(p.meanGap, rng);
    let n = 0;
    const arrive = (at: SimTime): void => {
      if (at >= end || (a.count !== null && n >= a.count)) return;
      this.sim.at(at, Priority.action, () => {
        n++;
        const name = `${template.metadata.name}-${n}`;
        const err = this.create(instanceOf(template, name));
        if (err === null) this.submitted++;
        else this.warnings.push(`arrival at ${formatInstant(at)}: ${err.message}`);
        arrive(nextAfter(at));
      });
    };
    arrive(p.kind === "interval" ? a.start : nextAfter(a.start));
  }
}
