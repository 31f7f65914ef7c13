import { ChurnMap } from "../collections/churn-collections.js";
import { NamespacedMap } from "../collections/namespaced-map.js";
import type { Clock } from "../engine/clock.js";
import { secondsToMillis } from "../engine/time.js";
import { StatusError } from "./api-errors.js";
import { cloneCronJob, cloneCronJobWithStatus, cloneJob, cloneJobWithStatus, clonePod } from "./clone.js";
import { currentPods, OwnerPods, type PodSlot } from "./owner-pods.js";
import { controllerOf } from "./owners.js";
import { type CronJob, JOB_TRACKING_FINALIZER, type Job, type ObjectMeta, type Pod } from "./types.js";

export type WatchType = "ADDED" | "MODIFIED" | "DELETED";

/** Receives every write synchronously, old and new versions (old is null on ADDED). */
export interface StoreListener {
  onJob?(type: WatchType, oldObj: Job | null, obj: Job): void;
  /** `ref`: the stored pod's handle (on DELETED, of the pod that left). */
  onPod?(type: WatchType, oldObj: Pod | null, obj: Pod, ref: PodRef): void;
  onCronJob?(type: WatchType, oldObj: CronJob | null, obj: CronJob): void;
}

/**
 * A handle on one stored pod, kept by a component that writes the same pod again and again
 * (the kubelet): reading or writing through it needs no lookup by name while the pod is stored.
 */
export type PodRef = Readonly<Pick<PodSlot, "current">> &
  Pick<PodSlot, "gcEntry" | "reportEntry"> & { readonly __podRef: never };

export const objectKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * Where an object's current version lives. Indexes hold the slot, not the version, so a write
 * replaces one field instead of updating every index, and an index lists objects without
 * looking each one up by name.
 */
interface Slot<T> {
  current: T;
}

/** UID of the CronJob controlling `job`, or null. */
function cronJobOwnerUid(job: Job): string | null {
  const ref = controllerOf(job);
  return ref?.kind === "CronJob" ? ref.uid : null;
}

function isTerminal(p: Pod): boolean {
  return p.status.phase === "Succeeded" || p.status.phase === "Failed";
}

/**
 * The authoritative object store of the simulated API server: one resourceVersion counter,
 * counter-based UIDs, copy-on-write objects and synchronous notification of listeners (the
 * informer layer adds delivery order; the kubelet and the report recorder listen directly).
 *
 * A pod with a deletionTimestamp leaves the store once it has stopped (terminal phase, or never
 * bound to a node) and has no finalizers, as the API server removes it after the kubelet's
 * final confirmation.
 */
export class ApiStore {
  private rv = 0;
  private uidCounter = 0;
  private readonly jobs = new NamespacedMap<Slot<Job>>();
  private readonly cronJobs = new NamespacedMap<Slot<CronJob>>();
  private readonly pods = new NamespacedMap<PodSlot>();
  /**
   * Per controlling owner UID, its stored pods (for cascading deletion) and those not yet
   * settled (see `unsettledPodsOwnedBy`); an owner is here while it has a stored pod.
   */
  private readonly podsByOwner = new ChurnMap<string, OwnerPods>();
  /** Owners in `podsByOwner` with unsettled pods listed. */
  private ownersWithLive = 0;
  private readonly cronJobByUid = new Map<string, Slot<CronJob>>();
  /** The Jobs each CronJob (by UID) controls, by name, in creation order. */
  private readonly jobsByCronJob = new Map<string, ChurnMap<string, Slot<Job>>>();
  private readonly jobHandlers: ((type: WatchType, oldObj: Job | null, obj: Job) => void)[] = [];
  private readonly podHandlers: ((type: WatchType, oldObj: Pod | null, obj: Pod, ref: PodRef) => void)[] = [];
  private readonly cronJobHandlers: ((type: WatchType, oldObj: CronJob | null, obj: CronJob) => void)[] = [];

  constructor(private readonly clock: Clock) {}

  /**
   * Add a listener. Its handlers are kept per kind, bound, so a write calls only the listeners
   * that care about that kind (and through a plain call, not a megamorphic method lookup).
   */
  subscribe(listener: StoreListener): void {
    if (listener.onJob) this.jobHandlers.push(listener.onJob.bind(listener));
    if (listener.onPod) this.podHandlers.push(listener.onPod.bind(listener));
    if (listener.onCronJob) this.cronJobHandlers.push(listener.onCronJob.bind(listener));
  }

  /** A fresh UID: deterministic, from a counter, formatted like a UUID. */
  newUid(): string {
    const n = (++this.uidCounter).toString(16).padStart(12, "0");
    return `00000000-0000-4000-8000-${n}`;
  }

  private stamp(meta: ObjectMeta): void {
    meta.resourceVersion = ++this.rv;
  }

  // ---- Jobs ----

  getJob(namespace: string, name: string): Job | undefined {
    return this.jobs.get(namespace, name)?.current;
  }

  /** Jobs in creation order. */
  listJobs(): Job[] {
    return currents(this.jobs.values());
  }

  createJob(job: Job): Job | StatusError {
    const { namespace, name } = job.metadata;
    if (this.jobs.has(namespace, name))
      return new StatusError("AlreadyExists", `jobs.batch "${job.metadata.name}" already exists`);
    const obj = cloneJob(job);
    obj.metadata.uid ||= this.newUid();
    obj.metadata.creationTimestamp = this.clock.now();
    obj.metadata.generation = 1;
    this.stamp(obj.metadata);
    const slot = { current: obj };
    this.jobs.set(namespace, name, slot);
    const owner = cronJobOwnerUid(obj);
    if (owner !== null) {
      let jobs = this.jobsByCronJob.get(owner);
      if (!jobs) {
        jobs = new ChurnMap();
        this.jobsByCronJob.set(owner, jobs);
      }
      jobs.set(name, slot);
    }
    for (const h of this.jobHandlers) h("ADDED", null, obj);
    return obj;
  }

  /** Replace metadata and spec; a spec change bumps `generation`, as the registry does. */
  updateJob(job: Job, specChanged: boolean): Job | StatusError {
    const { namespace, name } = job.metadata;
    const slot = this.jobs.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `jobs.batch "${name}" not found`);
    const old = slot.current;
    const obj = cloneJob(job);
    obj.status = old.status;
    if (specChanged) obj.metadata.generation = old.metadata.generation + 1;
    this.stamp(obj.metadata);
    slot.current = obj;
    for (const h of this.jobHandlers) h("MODIFIED", old, obj);
    this.maybeRemoveJob(obj);
    return obj;
  }

  /** Replace the status subresource only. */
  updateJobStatus(job: Job): Job | StatusError {
    const { namespace, name } = job.metadata;
    const slot = this.jobs.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `jobs.batch "${name}" not found`);
    const old = slot.current;
    const obj = cloneJobWithStatus(old, job.status);
    this.stamp(obj.metadata);
    slot.current = obj;
    for (const h of this.jobHandlers) h("MODIFIED", old, obj);
    return obj;
  }

  /**
   * Delete a Job. Background and Foreground delete its pods (Foreground first, then the Job,
   * as the garbage collector does with blockOwnerDeletion); Orphan leaves them running without
   * an owner: see {@link orphanPods}.
   */
  deleteJob(
    namespace: string,
    name: string,
    propagation: "Background" | "Foreground" | "Orphan",
  ): StatusError | null {
    const slot = this.jobs.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `jobs.batch "${name}" not found`);
    const job = slot.current;
    if (job.metadata.deletionTimestamp !== null) return null;
    const marked = cloneJob(job);
    marked.metadata.deletionTimestamp = this.clock.now();
    marked.metadata.deletionGracePeriodSeconds = 0;
    if (propagation === "Foreground") marked.metadata.finalizers.push("foregroundDeletion");
    this.stamp(marked.metadata);
    slot.current = marked;
    for (const h of this.jobHandlers) h("MODIFIED", job, marked);
    if (propagation === "Orphan") this.orphanPods(job);
    else {
      for (const pod of this.podsOwnedBy(job)) {
        this.deletePod(pod.metadata.namespace, pod.metadata.name, pod.spec.terminationGracePeriodSeconds);
      }
    }
    // Removing the last pod may already have removed the Job.
    const current = this.getJob(namespace, name);
    if (current) this.maybeRemoveJob(current);
    return null;
  }

  /**
   * Orphan propagation: the garbage collector's `orphanDependents` removes the Job's
   * ownerReference from each pod, and the Job controller (`syncOrphanPod`: a pod with no
   * controller keeps no tracking finalizer) removes its tracking finalizer. The pods run on as
   * the kubelet has them; no controller counts or replaces them any more.
   */
  private orphanPods(job: Job): void {
    const uid = job.metadata.uid;
    const pods = this.podsOwnedBy(job);
    this.dropOwner(uid);
    for (const pod of pods) {
      this.updatePod(pod.metadata.namespace, pod.metadata.name, (p) => {
        p.metadata.ownerReferences = p.metadata.ownerReferences.filter((r) => r.uid !== uid);
        p.metadata.finalizers = p.metadata.finalizers.filter((f) => f !== JOB_TRACKING_FINALIZER);
      });
    }
  }

  private maybeRemoveJob(job: Job): void {
    if (job.metadata.deletionTimestamp === null) return;
    const fg = job.metadata.finalizers.indexOf("foregroundDeletion");
    if (fg >= 0 && this.podsOwnedBy(job).length > 0) return;
    const others = job.metadata.finalizers.filter((f) => f !== "foregroundDeletion");
    if (others.length > 0) return;
    const tracked = this.unsettledPodsOwnedBy(job.metadata.uid);
    this.jobs.delete(job.metadata.namespace, job.metadata.name);
    this.dropLive(job.metadata.uid);
    const owner = cronJobOwnerUid(job);
    if (owner !== null) this.jobsByCronJob.get(owner)?.delete(job.metadata.name);
    for (const h of this.jobHandlers) h("DELETED", job, job);
    // The Job controller's `cleanupPodFinalizers` on the Job's deletion: its pods keep no
    // tracking finalizer (`syncOrphanPod`), so each goes once the kubelet has stopped it.
    for (const pod of tracked) {
      if (!pod.metadata.finalizers.includes(JOB_TRACKING_FINALIZER)) continue;
      this.removePodFinalizer(pod.metadata.namespace, pod.metadata.name, JOB_TRACKING_FINALIZER);
    }
  }

  // ---- CronJobs ----

  getCronJob(namespace: string, name: string): CronJob | undefined {
    return this.cronJobs.get(namespace, name)?.current;
  }

  listCronJobs(): CronJob[] {
    return currents(this.cronJobs.values());
  }

  /**
   * Create a CronJob; `restored` keeps its creationTimestamp (a CronJob that existed before the
   * simulation began, imported from a live cluster) instead of stamping the clock's time.
   */
  createCronJob(cj: CronJob, restored = false): CronJob | StatusError {
    const { namespace, name } = cj.metadata;
    if (this.cronJobs.has(namespace, name)) {
      return new StatusError("AlreadyExists", `cronjobs.batch "${cj.metadata.name}" already exists`);
    }
    const obj = cloneCronJob(cj);
    obj.metadata.uid ||= this.newUid();
    if (!restored) obj.metadata.creationTimestamp = this.clock.now();
    obj.metadata.generation = 1;
    this.stamp(obj.metadata);
    const slot = { current: obj };
    this.cronJobs.set(namespace, name, slot);
    this.cronJobByUid.set(obj.metadata.uid, slot);
    for (const h of this.cronJobHandlers) h("ADDED", null, obj);
    return obj;
  }

  /** Replace metadata and spec of a CronJob; a spec change bumps `generation`. */
  updateCronJob(cj: CronJob, specChanged: boolean): CronJob | StatusError {
    const { namespace, name } = cj.metadata;
    const slot = this.cronJobs.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
    const old = slot.current;
    const obj = cloneCronJob(cj);
    obj.status = old.status;
    if (specChanged) obj.metadata.generation = old.metadata.generation + 1;
    this.stamp(obj.metadata);
    slot.current = obj;
    for (const h of this.cronJobHandlers) h("MODIFIED", old, obj);
    return obj;
  }

  /** Replace the status subresource of a CronJob. */
  updateCronJobStatus(cj: CronJob): CronJob | StatusError {
    const { namespace, name } = cj.metadata;
    const slot = this.cronJobs.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
    const old = slot.current;
    const obj = cloneCronJobWithStatus(old, cj.status);
    this.stamp(obj.metadata);
    slot.current = obj;
    for (const h of this.cronJobHandlers) h("MODIFIED", old, obj);
    return obj;
  }

  /** Delete a CronJob; its Jobs go too (Background propagation, as `kubectl delete` sends). */
  deleteCronJob(namespace: string, name: string): StatusError | null {
    const cj = this.getCronJob(namespace, name);
    if (!cj) return new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
    const jobs = this.jobsControlledBy(cj.metadata.uid);
    this.cronJobs.delete(namespace, name);
    this.cronJobByUid.delete(cj.metadata.uid);
    for (const h of this.cronJobHandlers) h("DELETED", cj, cj);
    for (const job of jobs) this.deleteJob(namespace, job.metadata.name, "Background");
    this.jobsByCronJob.delete(cj.metadata.uid);
    return null;
  }

  /** The Jobs a CronJob (by UID) controls, in creation order. */
  jobsControlledBy(cronJobUid: string): Job[] {
    const jobs = this.jobsByCronJob.get(cronJobUid);
    if (!jobs || !this.cronJobByUid.has(cronJobUid)) return [];
    return currents(jobs.values());
  }

  // ---- Pods ----

  getPod(namespace: string, name: string): Pod | undefined {
    return this.pods.get(namespace, name)?.current;
  }

  /** A handle on the stored pod `namespace/name` (undefined: none), for {@link podAt}. */
  podRef(namespace: string, name: string): PodRef | undefined {
    return this.pods.get(namespace, name) as PodRef | undefined;
  }

  /**
   * The pod stored under `ref`'s name: its current version while that pod is stored, else
   * whatever `getPod` finds by that name (as a lookup by name would have found).
   */
  podAt(ref: PodRef): Pod | undefined {
    const slot = ref as unknown as PodSlot;
    if (slot.stored) return slot.current;
    const { namespace, name } = slot.current.metadata;
    return this.getPod(namespace, name);
  }

  /** {@link updatePod} of the pod stored under `ref`'s name, without a lookup while it is stored. */
  updatePodAt(ref: PodRef, mutate: (p: Pod) => void): Pod | StatusError {
    const slot = ref as unknown as PodSlot;
    if (slot.stored) return this.writePod(slot, mutate);
    const { namespace, name } = slot.current.metadata;
    return this.updatePod(namespace, name, mutate);
  }

  hasPod(namespace: string, name: string): boolean {
    return this.pods.has(namespace, name);
  }

  /**
   * The pods a controller (by UID) owns that are not settled, in creation order. A settled pod
   * is terminal with no finalizers left: no write changes it again, only its deletion. A
   * controller that has nothing left to do with settled pods lists these instead of every pod it
   * ever created (the Job controller's rule: controllers/job/job-pods.ts).
   */
  unsettledPodsOwnedBy(ownerUid: string): Pod[] {
    const owner = this.podsByOwner.get(ownerUid);
    return owner === undefined || owner.liveCount === 0 ? [] : currentPods(owner.live, owner.liveCount);
  }

  /** Every stored pod `job` controls (none once the Job has left the store). */
  private podsOwnedBy(job: Job): Pod[] {
    const owner = this.podsByOwner.get(job.metadata.uid);
    if (owner === undefined || this.storedJob(job.metadata.namespace, owner.name, owner.uid) === undefined)
      return [];
    return currentPods(owner.all, owner.allCount);
  }

  /**
   * The stored Job `namespace/name` if its UID is `uid`. An owner reference names its owner, so
   * the store finds a controller by name (it keeps no index of 100,000 Jobs by UID for that).
   */
  private storedJob(namespace: string, name: string, uid: string): Job | undefined {
    const job = this.jobs.get(namespace, name)?.current;
    return job?.metadata.uid === uid ? job : undefined;
  }

  /**
   * Index a created pod by its owner. A pod stays among the live ones until it is terminal
   * with its finalizers removed ({@link ApiStore.unindexCounted}), which no later write undoes.
   */
  private index(slot: PodSlot): void {
    const p = slot.current;
    const ref = controllerOf(p);
    if (ref === null) return;
    let owner = this.podsByOwner.get(ref.uid);
    if (owner === undefined) {
      owner = new OwnerPods(ref.uid, ref.name);
      this.podsByOwner.set(ref.uid, owner);
    }
    owner.addAll(slot);
    if (isTerminal(p) && p.metadata.finalizers.length === 0) return;
    if (owner.liveCount === 0) this.ownersWithLive++;
    owner.addLive(slot);
  }

  /** After a write: a terminal pod without finalizers is no longer live for its owner. */
  private unindexCounted(slot: PodSlot): void {
    const p = slot.current;
    if (slot.liveAt < 0 || !isTerminal(p) || p.metadata.finalizers.length > 0) return;
    this.unindexLive(slot);
  }

  /**
   * Drop a pod from its owner's live pods: a finished Job keeps no list of them (a later pod
   * starts a new one, which lists pods as the old would).
   */
  private unindexLive(slot: PodSlot): void {
    const owner = slot.owner;
    if (owner?.removeLive(slot) && owner.liveCount === 0) this.ownersWithLive--;
  }

  /** The owner is gone: its pods are no longer listed as unsettled. */
  private dropLive(uid: string): void {
    const owner = this.podsByOwner.get(uid);
    if (owner === undefined || owner.liveCount === 0) return;
    owner.dropLive();
    this.ownersWithLive--;
  }

  /** The owner let go of its pods (orphaned): nothing lists them by owner any more. */
  private dropOwner(uid: string): void {
    const owner = this.podsByOwner.get(uid);
    if (owner === undefined) return;
    this.dropLive(uid);
    owner.dropAll();
    this.podsByOwner.delete(uid);
  }

  /** Owners with unsettled pods (for tests that check finished Jobs release their entry). */
  get ownersWithUnsettledPods(): number {
    return this.ownersWithLive;
  }

  createPod(pod: Pod): Pod | StatusError {
    const { namespace, name } = pod.metadata;
    if (this.pods.has(namespace, name))
      return new StatusError("AlreadyExists", `pods "${pod.metadata.name}" already exists`);
    const obj = clonePod(pod);
    obj.metadata.uid ||= this.newUid();
    obj.metadata.creationTimestamp = this.clock.now();
    obj.metadata.generation = 1;
    this.stamp(obj.metadata);
    const slot: PodSlot = {
      current: obj,
      owner: null,
      allAt: -1,
      liveAt: -1,
      stored: true,
      gcEntry: null,
      reportEntry: null,
    };
    this.pods.set(namespace, name, slot);
    this.index(slot);
    for (const h of this.podHandlers) h("ADDED", null, obj, slot as unknown as PodRef);
    return obj;
  }

  /** Apply `mutate` to a copy of the pod and store it (status or metadata writes alike). */
  updatePod(namespace: string, name: string, mutate: (p: Pod) => void): Pod | StatusError {
    const slot = this.pods.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `pods "${name}" not found`);
    return this.writePod(slot, mutate);
  }

  private writePod(slot: PodSlot, mutate: (p: Pod) => void): Pod {
    const old = slot.current;
    const obj = clonePod(old);
    mutate(obj);
    this.stamp(obj.metadata);
    slot.current = obj;
    this.unindexCounted(slot);
    for (const h of this.podHandlers) h("MODIFIED", old, obj, slot as unknown as PodRef);
    this.maybeRemovePod(slot);
    return obj;
  }

  /**
   * DELETE a pod. A running pod gets a deletionTimestamp and the kubelet stops it (graceful
   * deletion). A pod that is terminal or never scheduled needs no grace period (the pod
   * registry's `CheckGracefulDelete`); without finalizers it is then removed at once, and
   * watchers see only the DELETED event, as with the real API server.
   */
  deletePod(namespace: string, name: string, gracePeriodSeconds: number): StatusError | null {
    const slot = this.pods.get(namespace, name);
    if (!slot) return new StatusError("NotFound", `pods "${name}" not found`);
    return this.deleteSlot(slot, gracePeriodSeconds);
  }

  /** {@link deletePod} of the pod stored under `ref`'s name, without a lookup while it is stored. */
  deletePodAt(ref: PodRef, gracePeriodSeconds: number): StatusError | null {
    const slot = ref as unknown as PodSlot;
    if (slot.stored) return this.deleteSlot(slot, gracePeriodSeconds);
    const { namespace, name } = slot.current.metadata;
    return this.deletePod(namespace, name, gracePeriodSeconds);
  }

  private deleteSlot(slot: PodSlot, gracePeriodSeconds: number): StatusError | null {
    const pod = slot.current;
    if (pod.metadata.deletionTimestamp !== null) return null;
    const immediate = isTerminal(pod) || pod.spec.nodeName === null;
    if (immediate && pod.metadata.finalizers.length === 0) {
      this.removePod(slot);
      return null;
    }
    const grace = immediate ? 0 : gracePeriodSeconds;
    this.writePod(slot, (p) => {
      // As the API server's `BeforeDelete`: the instant by which the pod should be gone.
      p.metadata.deletionTimestamp = this.clock.now() + secondsToMillis(grace);
      p.metadata.deletionGracePeriodSeconds = grace;
    });
    return null;
  }

  /** Remove one finalizer (a patch). */
  removePodFinalizer(namespace: string, name: string, finalizer: string): StatusError | null {
    const result = this.updatePod(namespace, name, (p) => {
      p.metadata.finalizers = p.metadata.finalizers.filter((f) => f !== finalizer);
    });
    return result instanceof StatusError ? result : null;
  }

  private maybeRemovePod(slot: PodSlot): void {
    const p = slot.current;
    if (p.metadata.deletionTimestamp === null || p.metadata.finalizers.length > 0) return;
    if (!isTerminal(p) && p.spec.nodeName !== null) return;
    this.removePod(slot);
  }

  private removePod(slot: PodSlot): void {
    const p = slot.current;
    this.pods.delete(p.metadata.namespace, p.metadata.name);
    slot.stored = false;
    const owner = slot.owner;
    if (owner !== null) {
      if (owner.liveCount > 0) this.unindexLive(slot);
      owner.removeAll(slot);
      slot.owner = null;
      if (owner.allCount === 0) this.podsByOwner.delete(owner.uid);
    }
    for (const h of this.podHandlers) h("DELETED", p, p, slot as unknown as PodRef);
    // A Foreground-deleted owner goes once its last dependent is gone.
    const ownerJob = owner === null ? undefined : this.storedJob(p.metadata.namespace, owner.name, owner.uid);
    if (ownerJob) this.maybeRemoveJob(ownerJob);
  }
}

/** The current versions of `slots`, in their order. */
function currents<T>(slots: Iterable<Slot<T>>): T[] {
  const out: T[] = [];
  for (const slot of slots) out.push(slot.current);
  return out;
}
