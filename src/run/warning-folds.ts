/**
 * Warnings about Jobs folded by the template they were made from, so a per-minute CronJob
 * whose pods no workload matches warns once with a count instead of once per Job. Jobs made
 * from one template are named `<template>-<n>`: a CronJob's `<name>-<minutes>`, an arrival's
 * `<template>-<n>`; Jobs sharing such a stem (two or more) fold together.
 */

/** Jobs (`ns/name`, in first-seen order) grouped by their template; a lone Job is its own group. */
export function groupByTemplate(jobKeys: Iterable<string>): { template: string; jobs: string[] }[] {
  const byStem = new Map<string, string[]>();
  for (const key of jobKeys) {
    const stem = key.replace(/-\d+$/, "-<n>");
    const list = byStem.get(stem);
    if (list === undefined) byStem.set(stem, [key]);
    else list.push(key);
  }
  return [...byStem].map(([stem, jobs]) => ({ template: jobs.length === 1 ? jobs[0]! : stem, jobs }));
}

/** `Job ns/name`, or `719 Jobs ns/nightly-<n> (first ns/nightly-29540175)` for a folded group. */
export function describeJobs(group: { template: string; jobs: readonly string[] }): string {
  if (group.jobs.length === 1) return `Job ${group.template}`;
  return `${group.jobs.length} Jobs ${group.template} (first ${group.jobs[0]})`;
}
