import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONTROLLER_UID_PLACEHOLDER,
  jobFromManifest,
  withControllerUid,
} from "../../../src/k8s/job-factory.js";
import {
  type Job,
  type JobSpec,
  LABEL_CONTROLLER_UID,
  LABEL_JOB_NAME,
  type Labels,
  LEGACY_LABEL_CONTROLLER_UID,
  LEGACY_LABEL_JOB_NAME,
} from "../../../src/k8s/types.js";
import { newJob } from "../../helpers/job-builders.js";

/**
 * The stored Job as the registry makes it, step by step: the placeholder filled, then (without
 * manualSelector) the generated template labels and selector. jobFromManifest makes it in one
 * pass and must give the same object, key order included (reports serialise it).
 */
function plainJobFromManifest(manifest: Job, uid: string, now: number): Job {
  const spec: JobSpec = withControllerUid(manifest.spec, uid);
  if (!spec.manualSelector) {
    const name = manifest.metadata.name;
    const labels = { ...spec.template.metadata.labels };
    labels[LEGACY_LABEL_CONTROLLER_UID] ??= uid;
    labels[LEGACY_LABEL_JOB_NAME] ??= name;
    labels[LABEL_CONTROLLER_UID] ??= uid;
    labels[LABEL_JOB_NAME] ??= name;
    spec.template = { metadata: { ...spec.template.metadata, labels }, spec: spec.template.spec };
    spec.selector = { matchLabels: { [LABEL_CONTROLLER_UID]: uid } };
  }
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      ...manifest.metadata,
      uid,
      resourceVersion: 0,
      generation: 1,
      creationTimestamp: now,
      deletionTimestamp: null,
      deletionGracePeriodSeconds: null,
      labels: { ...manifest.metadata.labels },
      annotations: { ...manifest.metadata.annotations },
      finalizers: [],
      ownerReferences: [],
    },
    spec,
    status: jobFromManifest(manifest, uid, now).status,
  };
}

/** Keys and values in order, all the way down (toEqual ignores key order). */
const ordered = (value: unknown): string => JSON.stringify(value);

describe("jobFromManifest", () => {
  it("gives what filling the placeholder, then generating labels and selector, gives", () => {
    const keys = [
      "app",
      "tier",
      "2",
      LABEL_CONTROLLER_UID,
      LABEL_JOB_NAME,
      LEGACY_LABEL_CONTROLLER_UID,
      LEGACY_LABEL_JOB_NAME,
    ];
    const value = fc.constantFrom("web", "x", CONTROLLER_UID_PLACEHOLDER);
    const labels = fc
      .uniqueArray(fc.tuple(fc.constantFrom(...keys), value), {
        selector: ([k]) => k,
        maxLength: keys.length,
      })
      .map((entries): Labels => Object.fromEntries(entries));
    fc.assert(
      fc.property(labels, labels, fc.boolean(), (templateLabels, selectorLabels, manualSelector) => {
        const manifest = newJob();
        manifest.spec = {
          ...manifest.spec,
          manualSelector,
          selector: { matchLabels: selectorLabels },
          template: {
            ...manifest.spec.template,
            metadata: { ...manifest.spec.template.metadata, labels: templateLabels },
          },
        };
        const before = ordered(manifest);
        const got = jobFromManifest(manifest, "uid-7", 5000);
        expect(ordered(got)).toBe(ordered(plainJobFromManifest(manifest, "uid-7", 5000)));
        expect(ordered(manifest)).toBe(before); // the manifest is not changed
      }),
    );
  });

  it("keeps a __proto__ label as data", () => {
    const labels: Labels = JSON.parse(`{"a":"1","__proto__":"${CONTROLLER_UID_PLACEHOLDER}"}`);
    const spec = newJob().spec;
    const filled = withControllerUid(
      { ...spec, template: { ...spec.template, metadata: { ...spec.template.metadata, labels } } },
      "u",
    );
    expect(Object.entries(filled.template.metadata.labels)).toEqual([
      ["a", "1"],
      ["__proto__", "u"],
    ]);
    expect(Object.getPrototypeOf(filled.template.metadata.labels)).toBe(Object.prototype);
  });
});
