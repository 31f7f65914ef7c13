import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/engine/clock.js";
import { jobFromManifest } from "../../../src/k8s/job-factory.js";
import { buildPodFromTemplate } from "../../../src/k8s/pod-control.js";
import { ApiStore, type PodRef } from "../../../src/k8s/store.js";
import type { Pod } from "../../../src/k8s/types.js";
import { JOB_TRACKING_FINALIZER } from "../../../src/k8s/types.js";
import { newJob } from "../../helpers/job-builders.js";

const NAMES = ["a", "b"] as const;

type Op =
  | { kind: "create"; name: string; bound: boolean }
  | { kind: "ref"; name: string }
  | { kind: "write"; ref: number; phase: "Running" | "Succeeded" | "Failed" }
  | { kind: "unfinalize"; name: string }
  | { kind: "delete"; name: string; grace: number }
  | { kind: "deleteAt"; ref: number; grace: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), name: fc.constantFrom(...NAMES), bound: fc.boolean() }),
  fc.record({ kind: fc.constant("ref" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({
    kind: fc.constant("write" as const),
    ref: fc.nat(20),
    phase: fc.constantFrom("Running" as const, "Succeeded" as const, "Failed" as const),
  }),
  fc.record({ kind: fc.constant("unfinalize" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({
    kind: fc.constant("delete" as const),
    name: fc.constantFrom(...NAMES),
    grace: fc.constantFrom(0, 30),
  }),
  fc.record({ kind: fc.constant("deleteAt" as const), ref: fc.nat(20), grace: fc.constantFrom(0, 30) }),
);

/** A store with one Job, whose pods carry the tracking finalizer, and a log of pod events. */
function storeWithLog() {
  const store = new ApiStore(new FakeClock(0));
  const log: string[] = [];
  store.subscribe({
    onPod: (t, _o, p) => log.push(`${t} ${p.metadata.name} ${p.metadata.uid} ${p.metadata.resourceVersion}`),
  });
  const job = store.createJob(jobFromManifest(newJob({}), store.newUid(), 0)) as ReturnType<typeof newJob>;
  const create = (name: string, bound: boolean) => {
    const pod = buildPodFromTemplate(job, job.spec.template, null, {}, 0);
    pod.metadata.name = name;
    if (bound) pod.spec = { ...pod.spec, nodeName: "n" };
    return store.createPod(pod);
  };
  return { store, log, create };
}

describe("ApiStore pod refs", () => {
  it("finds the pod by name once the one it was taken on left, also a new pod of that name", () => {
    const { store, create } = storeWithLog();
    create("a", false);
    const ref = store.podRef("default", "a")!;
    store.removePodFinalizer("default", "a", JOB_TRACKING_FINALIZER);
    expect(store.deletePod("default", "a", 30)).toBeNull();
    expect(store.podAt(ref)).toBeUndefined();
    expect(store.updatePodAt(ref, () => {})).toMatchObject({ reason: "NotFound" });
    const again = create("a", true) as Pod;
    expect(store.podAt(ref)).toBe(again);
    const written = store.updatePodAt(ref, (p) => {
      p.status.phase = "Running";
    }) as Pod;
    expect(written.metadata.uid).toBe(again.metadata.uid);
    expect(store.getPod("default", "a")).toBe(written);
  });

  it("read and write what a lookup by name would, also once the pod left or its name was taken again", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 60 }), (ops) => {
        // `byName` does every read and write by name; `byRef` the same through refs taken when
        // `byName` looked the name up, which may since have left the store.
        const byName = storeWithLog();
        const byRef = storeWithLog();
        const names: string[] = [];
        const refs: PodRef[] = [];
        const mutation = (phase: Pod["status"]["phase"]) => (p: Pod) => {
          p.status.phase = phase;
        };
        for (const o of ops) {
          if (o.kind === "create") {
            expect(byRef.create(o.name, o.bound)).toEqual(byName.create(o.name, o.bound));
          } else if (o.kind === "ref") {
            const ref = byRef.store.podRef("default", o.name);
            expect(ref?.current).toBe(byRef.store.getPod("default", o.name));
            if (ref !== undefined) {
              names.push(o.name);
              refs.push(ref);
            }
          } else if (o.kind === "write") {
            if (refs.length === 0) continue;
            const i = o.ref % refs.length;
            const expected = byName.store.updatePod("default", names[i]!, mutation(o.phase));
            expect(byRef.store.updatePodAt(refs[i]!, mutation(o.phase))).toEqual(expected);
          } else if (o.kind === "deleteAt") {
            if (refs.length === 0) continue;
            const i = o.ref % refs.length;
            const expected = byName.store.deletePod("default", names[i]!, o.grace);
            expect(byRef.store.deletePodAt(refs[i]!, o.grace)).toEqual(expected);
          } else if (o.kind === "unfinalize") {
            expect(byRef.store.removePodFinalizer("default", o.name, JOB_TRACKING_FINALIZER)).toEqual(
              byName.store.removePodFinalizer("default", o.name, JOB_TRACKING_FINALIZER),
            );
          } else {
            expect(byRef.store.deletePod("default", o.name, o.grace)).toEqual(
              byName.store.deletePod("default", o.name, o.grace),
            );
          }
          expect(byRef.log).toEqual(byName.log);
          refs.forEach((ref, i) => {
            expect(byRef.store.podAt(ref)).toEqual(byName.store.getPod("default", names[i]!));
          });
        }
      }),
    );
  });
});
