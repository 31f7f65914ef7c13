import { ChurnMap } from "../collections/churn-collections.js";
import type { Clock } from "../engine/clock.js";
import type { RandomStream, StreamFactory } from "../rand/streams.js";
import { StatusError } from "./api-errors.js";
import type { EventRecorder } from "./events.js";
import { buildPodFromTemplate, type PodControl } from "./pod-control.js";
import type { ApiStore, StoreListener, WatchType } from "./store.js";
import { JOB_TRACKING_FINALIZER, type Job, type Pod, type PodTemplateSpec } from "./types.js";

/** Characters of generated name suffixes (apiserver's `utilrand.String`: no vowels, no 0/1/3). */
export const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
/** Generated names keep at most this much of the prefix (apiserver's maxGeneratedNameLength = 63 − 5). */
export const MAX_GENERATE_NAME_PREFIX = 58;
const SUFFIX_LENGTH = 5;

/**
 * PodControl against the simulated API server. Suffixes come from one stream per Job
 * (`pod-name/<ns>/<job>`), so a Job's pod names depend only on the seed and its own history.
 */
export class StorePodControl implements PodControl, StoreListener {
  private readonly nameStreams = new ChurnMap<string, RandomStream>();

  constructor(
    private readonly store: ApiStore,
    private readonly clock: Clock,
    private readonly streams: StreamFactory,
    private readonly recorder: EventRecorder,
    private readonly podIndexLabel: boolean,
  ) {}

  createPod(
    job: Job,
    template: PodTemplateSpec,
    generateName: string,
    index: number | null,
    extraAnnotations: Record<string, string>,
  ): Error | null {
    const pod = buildPodFromTemplate(job, template, index, extraAnnotations, this.clock.now(), {
      podIndexLabel: this.podIndexLabel,
    });
    const prefix = generateName.slice(0, MAX_GENERATE_NAME_PREFIX);
    const rng = this.nameStream(job);
    for (;;) {
      let suffix = "";
      for (let i = 0; i < SUFFIX_LENGTH; i++)
        suffix += NAME_SUFFIX_ALPHABET[rng.int(NAME_SUFFIX_ALPHABET.length)];
      pod.metadata.name = prefix + suffix;
      const created = this.store.createPod(pod);
      if (!(created instanceof StatusError)) break;
      // A suffix collision: the apiserver's client would retry with a new name.
    }
    this.recorder.event(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
    return null;
  }

  deletePod(namespace: string, name: string, job: Job): Error | null {
    const pod = this.store.getPod(namespace, name);
    if (!pod) return new StatusError("NotFound", `pods "${name}" not found`);
    const err = this.store.deletePod(namespace, name, pod.spec.terminationGracePeriodSeconds);
    if (err) return err;
    this.recorder.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
    return null;
  }

  removeTrackingFinalizer(pod: Pod): Error | null {
    const err = this.store.removePodFinalizer(
      pod.metadata.namespace,
      pod.metadata.name,
      JOB_TRACKING_FINALIZER,
    );
    if (err) return err;
    return null;
  }

  /** A deleted Job's name stream goes with it (subscribe this to the store). */
  onJob(type: WatchType, _old: Job | null, job: Job): void {
    if (type === "DELETED") this.nameStreams.delete(job.metadata.uid);
  }

  /** Keyed by the Job's UID: an existing string, where `ns/name` would be built per pod. */
  private nameStream(job: Job): RandomStream {
    let rng = this.nameStreams.get(job.metadata.uid);
    if (!rng) {
      rng = this.streams.get(`pod-name/${job.metadata.namespace}/${job.metadata.name}`);
      this.nameStreams.set(job.metadata.uid, rng);
    }
    return rng;
  }
}
