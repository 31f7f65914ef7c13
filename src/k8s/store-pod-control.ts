import { ChurnMap } from "../collections/churn-collections.js";
import type { Clock } from "../engine/clock.js";
import type { RandomStream, StreamFactory } from "../rand/streams.js";
import { StatusError } from "./api-errors.js";
import type { ApiClient } from "./client/api-client.js";
import type { EventRecorder } from "./events.js";
import { isFinished } from "./job-finished.js";
import {
  type BuildPodOptions,
  buildPodFromTemplate,
  controllerRefs,
  type PodControl,
} from "./pod-control.js";
import type { ApiStore, StoreListener, WatchType } from "./store.js";
import { JOB_TRACKING_FINALIZER, type Job, type Pod, type PodTemplateSpec } from "./types.js";

/** Characters of generated name suffixes (apiserver's `utilrand.String`: no vowels, no 0/1/3). */
export const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
/** Generated names keep at most this much of the prefix (apiserver's maxGeneratedNameLength = 63 − 5). */
export const MAX_GENERATE_NAME_PREFIX = 58;

/**
 * apiserver's `utilrand.String(5)`: five characters of the alphabet, drawn in order (arguments
 * are evaluated left to right), made as one string where appending would make five.
 */
function nameSuffix(rng: RandomStream): string {
  const a = NAME_SUFFIX_ALPHABET;
  const n = a.length;
  return String.fromCharCode(
    a.charCodeAt(rng.int(n)),
    a.charCodeAt(rng.int(n)),
    a.charCodeAt(rng.int(n)),
    a.charCodeAt(rng.int(n)),
    a.charCodeAt(rng.int(n)),
  );
}

/**
 * PodControl against the simulated API server, through the Job controller's API client: each
 * write waits for its token and lands when its call returns (client/api-client.ts); the calls
 * report success at once, as the store's only failures are found when a write lands (a pod
 * already gone: its informer event settles the expectations). Suffixes come from one stream per
 * Job (`pod-name/<ns>/<job>`), so a Job's pod names depend only on the seed and its own history.
 */
export class StorePodControl implements PodControl, StoreListener {
  private readonly nameStreams = new ChurnMap<string, NameStream>();

  constructor(
    private readonly store: ApiStore,
    private readonly clock: Clock,
    private readonly streams: StreamFactory,
    private readonly recorder: EventRecorder,
    private readonly podIndexLabel: boolean,
    private readonly client: ApiClient,
  ) {}

  parallel<T>(calls: () => T): T {
    return this.client.parallel(calls);
  }

  createPod(
    job: Job,
    template: PodTemplateSpec,
    generateName: string,
    index: number | null,
    extraAnnotations: Record<string, string>,
  ): Error | null {
    // Counted from the call to its landing: the stream must outlive the Job's finish until then.
    this.nameStream(job).pendingCreates++;
    this.client.land(this.client.call(), () =>
      this.create(job, template, generateName, index, extraAnnotations),
    );
    return null;
  }

  private create(
    job: Job,
    template: PodTemplateSpec,
    generateName: string,
    index: number | null,
    extraAnnotations: Record<string, string>,
  ): void {
    const stream = this.nameStream(job);
    const pod = buildPodFromTemplate(job, template, index, extraAnnotations, this.clock.now(), stream.build);
    const prefix = generateName.slice(0, MAX_GENERATE_NAME_PREFIX);
    const rng = stream.rng;
    for (;;) {
      pod.metadata.name = prefix + nameSuffix(rng);
      const created = this.store.createPod(pod);
      if (!(created instanceof StatusError)) break;
      // A suffix collision: the apiserver's client would retry with a new name.
    }
    this.recorder.event(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
    stream.pendingCreates--;
    if (stream.jobFinished && stream.pendingCreates === 0) this.nameStreams.delete(job.metadata.uid);
  }

  deletePod(namespace: string, name: string, job: Job): Error | null {
    const done = this.client.call();
    if (done > this.clock.now()) {
      this.client.land(done, () => this.delete(namespace, name, job));
      return null;
    }
    return this.delete(namespace, name, job);
  }

  private delete(namespace: string, name: string, job: Job): Error | null {
    const pod = this.store.getPod(namespace, name);
    if (!pod) return new StatusError("NotFound", `pods "${name}" not found`);
    const err = this.store.deletePod(namespace, name, pod.spec.terminationGracePeriodSeconds);
    if (err) return err;
    this.recorder.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
    return null;
  }

  removeTrackingFinalizer(pod: Pod): Error | null {
    const { namespace, name } = pod.metadata;
    const done = this.client.call();
    const remove = () => this.store.removePodFinalizer(namespace, name, JOB_TRACKING_FINALIZER);
    if (done > this.clock.now()) {
      this.client.land(done, remove);
      return null;
    }
    return remove() ?? null;
  }

  /**
   * A deleted Job's name stream goes with it, and so does a finished Job's once no create call
   * is on its way: a finished Job creates no more pods (syncJob returns before managing them),
   * so 100,000 finished Jobs keep no streams (subscribe this to the store).
   */
  onJob(type: WatchType, _old: Job | null, job: Job): void {
    if (type === "DELETED") {
      this.nameStreams.delete(job.metadata.uid);
      return;
    }
    if (!isFinished(job)) return;
    const stream = this.nameStreams.get(job.metadata.uid);
    if (stream === undefined) return;
    stream.jobFinished = true;
    if (stream.pendingCreates === 0) this.nameStreams.delete(job.metadata.uid);
  }

  /** Name streams held now (for tests that check finished Jobs release theirs). */
  get nameStreamCount(): number {
    return this.nameStreams.size;
  }

  /** Keyed by the Job's UID: an existing string, where `ns/name` would be built per pod. */
  private nameStream(job: Job): NameStream {
    let stream = this.nameStreams.get(job.metadata.uid);
    if (!stream) {
      const rng = this.streams.get(`pod-name/${job.metadata.namespace}/${job.metadata.name}`);
      const build = { podIndexLabel: this.podIndexLabel, ownerReferences: controllerRefs(job) };
      stream = { rng, build, pendingCreates: 0, jobFinished: false };
      this.nameStreams.set(job.metadata.uid, stream);
    }
    return stream;
  }
}

/** A Job's pod-name stream, with the create calls still on their way. */
interface NameStream {
  readonly rng: RandomStream;
  /** buildPodFromTemplate's options for the Job's pods, with their shared owner references. */
  readonly build: BuildPodOptions;
  pendingCreates: number;
  /** The Job was seen finished: the stream goes when the last pending create lands. */
  jobFinished: boolean;
}
