/**
 * Per-Job pod counts kept up to date from the store's pod writes, so that a sync in the steady
 * state (pods being created and finishing, nothing to delete, the Job far from finished) reads a
 * few numbers and the handful of finished pods instead of walking every pod of the Job. The
 * counts are those of upstream's `controller.FilterActivePods`, `countReadyPods` and
 * `controller.CountTerminatingPods` over podsForJob's list; syncJob falls back to that list
 * whenever it needs more than counts (sync-job.ts `countsSuffice`).
 *
 * A tally mirrors the store's own index of the Job's unsettled pods: it is built from that list
 * at the Job's first sync that uses it and then follows every pod write synchronously (the store
 * tells its listeners before anything else can run), so at any sync it equals a fresh walk.
 */
import { ChurnMap } from "../../collections/churn-collections.js";
import { isFinished } from "../../k8s/job-finished.js";
import { controllerOf } from "../../k8s/owners.js";
import type { StoreListener, WatchType } from "../../k8s/store.js";
import type { Job, Pod } from "../../k8s/types.js";
import { hasJobTrackingFinalizer, isPodReady, isPodTerminal, NO_PODS } from "./pod-utils.js";

/** One Job's counts, kept by {@link PodTallies}. */
export class PodTally {
  /** Pods neither terminal nor being deleted (`FilterActivePods`). */
  active = 0;
  /** Active pods with Ready=True (`countReadyPods` of the active pods). */
  ready = 0;
  /** Pods being deleted and not yet terminal (`CountTerminatingPods`). */
  terminating = 0;
  /**
   * Pods that are terminal, or being deleted, and still carry the tracking finalizer: the only
   * ones that can be new finished pods. By name; `finishedInOrder` holds the same entries.
   */
  private readonly finished = new ChurnMap<string, FinishedPod>();
  /**
   * The entries of `finished` in creation order, kept so as each pod comes and goes (by binary
   * search on its creation number) instead of sorting the whole set when a pod finishes early.
   */
  private readonly finishedInOrder: FinishedPod[] = [];
  /** Creation order of the unsettled pods, the order the store lists them in. */
  private readonly creationOrder = new ChurnMap<string, number>();
  private nextSeq = 0;

  /** A tally of `pods`, listed in creation order (podsForJob's list). */
  static of(pods: readonly Pod[]): PodTally {
    const tally = new PodTally();
    for (let i = 0; i < pods.length; i++) tally.added(pods[i]!);
    return tally;
  }

  /**
   * The pods that are terminal or being deleted and carry the tracking finalizer, in listing
   * order: a fresh array the caller may keep while the tally moves on.
   */
  finishedPods(): readonly Pod[] {
    const entries = this.finishedInOrder;
    if (entries.length === 0) return NO_PODS;
    const out = new Array<Pod>(entries.length);
    for (let i = 0; i < entries.length; i++) out[i] = entries[i]!.pod;
    return out;
  }

  added(pod: Pod): void {
    const kind = kindOf(pod);
    this.count(kind, 1);
    if (!isSettled(pod)) this.creationOrder.set(pod.metadata.name, this.nextSeq++);
    if (kind & FINISHED) this.keepFinished(pod);
  }

  modified(old: Pod, pod: Pod): void {
    const was = kindOf(old);
    const is = kindOf(pod);
    if (was !== is) {
      this.count(was, -1);
      this.count(is, 1);
    }
    // The finished pods are kept as their current versions.
    if (is & FINISHED) this.keepFinished(pod);
    else if (was & FINISHED) this.dropFinished(pod);
    // No write unsettles a pod again (store.ts), so its place in the order is no longer needed.
    if (isSettled(pod) && !isSettled(old)) this.creationOrder.delete(pod.metadata.name);
  }

  deleted(pod: Pod): void {
    const kind = kindOf(pod);
    this.count(kind, -1);
    if (kind & FINISHED) this.dropFinished(pod);
    if (!isSettled(pod)) this.creationOrder.delete(pod.metadata.name);
  }

  private seq(pod: Pod): number {
    return this.creationOrder.get(pod.metadata.name) ?? 0;
  }

  /** Put the pod's current version among the finished pods (a pod already there keeps its place). */
  private keepFinished(pod: Pod): void {
    const name = pod.metadata.name;
    const kept = this.finished.get(name);
    if (kept !== undefined) {
      kept.pod = pod;
      return;
    }
    const entry: FinishedPod = { pod, seq: this.seq(pod) };
    this.finished.set(name, entry);
    const entries = this.finishedInOrder;
    // Pods mostly finish in the order they were created: then the new one goes last.
    if (entries.length === 0 || entries[entries.length - 1]!.seq <= entry.seq) entries.push(entry);
    else entries.splice(firstAfter(entries, entry.seq), 0, entry);
  }

  private dropFinished(pod: Pod): void {
    const name = pod.metadata.name;
    const entry = this.finished.get(name);
    if (entry === undefined) return;
    this.finished.delete(name);
    const entries = this.finishedInOrder;
    // Equal numbers (a pod the order lost) sit together, in the order they came: find this one.
    let at = firstAtOrAfter(entries, entry.seq);
    while (at < entries.length && entries[at] !== entry) at++;
    if (at < entries.length) entries.splice(at, 1);
  }

  /** Add (`sign` 1) or take away (-1) the counts of a pod version of this kind. */
  private count(kind: number, sign: 1 | -1): void {
    if (kind & ACTIVE) this.active += sign;
    if (kind & READY) this.ready += sign;
    if (kind & TERMINATING) this.terminating += sign;
  }
}

/** A finished pod's current version and its creation number (`PodTally.finished`). */
interface FinishedPod {
  pod: Pod;
  readonly seq: number;
}

/** The first index of `entries` (sorted by creation number) whose number is `seq` or more. */
function firstAtOrAfter(entries: readonly FinishedPod[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of `entries` (sorted by creation number) whose number is above `seq`. */
function firstAfter(entries: readonly FinishedPod[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What a pod version counts as, in bits: active (and ready), terminating, finished. */
const ACTIVE = 1;
const READY = 2;
const TERMINATING = 4;
/** Terminal or being deleted, with the tracking finalizer (`PodTally.finished`). */
const FINISHED = 8;

function kindOf(pod: Pod): number {
  if (!isPodTerminal(pod)) {
    if (pod.metadata.deletionTimestamp === null) return isPodReady(pod) ? ACTIVE | READY : ACTIVE;
    return hasJobTrackingFinalizer(pod) ? TERMINATING | FINISHED : TERMINATING;
  }
  return hasJobTrackingFinalizer(pod) ? FINISHED : 0;
}

/** Terminal with no finalizers left: the store no longer lists it for its owner. */
function isSettled(pod: Pod): boolean {
  return isPodTerminal(pod) && pod.metadata.finalizers.length === 0;
}

/**
 * The tallies of the Jobs being synced, by Job UID; subscribe it to the store. A Job's tally is
 * made at its first sync that asks (from podsForJob's list) and dropped when the Job finishes or
 * is deleted: writes to pods of a Job with no tally cost one map lookup.
 */
export class PodTallies implements StoreListener {
  private readonly byJob = new ChurnMap<string, PodTally>();

  /** The tally of `job`, made from `list()` (podsForJob's list) when none is kept. */
  of(job: Job, list: () => readonly Pod[]): PodTally {
    const uid = job.metadata.uid;
    let tally = this.byJob.get(uid);
    if (tally === undefined) {
      tally = PodTally.of(list());
      this.byJob.set(uid, tally);
    }
    return tally;
  }

  /** Tallies held now (for tests that check finished Jobs release theirs). */
  get size(): number {
    return this.byJob.size;
  }

  onPod(type: WatchType, old: Pod | null, pod: Pod): void {
    if (this.byJob.size === 0) return;
    if (type === "ADDED") {
      this.tallyOf(pod)?.added(pod);
      return;
    }
    if (type === "DELETED") {
      this.tallyOf(pod)?.deleted(pod);
      return;
    }
    const before = this.tallyOf(old!);
    if (before === undefined) return;
    // Versions share their owner references unless a writer replaced them (clone.ts).
    if (old!.metadata.ownerReferences === pod.metadata.ownerReferences || before === this.tallyOf(pod)) {
      before.modified(old!, pod);
      return;
    }
    // The controller reference went (orphaning): the pod leaves its Job's list, and joins no
    // other, as the store indexes a pod by owner only when it is created.
    before.deleted(old!);
  }

  onJob(type: WatchType, _old: Job | null, job: Job): void {
    if (type === "DELETED" || isFinished(job)) this.byJob.delete(job.metadata.uid);
  }

  private tallyOf(pod: Pod): PodTally | undefined {
    const ref = controllerOf(pod);
    return ref === null ? undefined : this.byJob.get(ref.uid);
  }
}
