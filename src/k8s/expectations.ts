/**
 * Controller expectations (kubernetes pkg/controller/controller_utils.go `ControllerExpectations`):
 * how many pod creations and deletions a controller has issued but not yet observed through its
 * informer. A sync that sees unmet expectations must not act on the pod list, which may be stale.
 */

import { ChurnMap } from "../collections/churn-collections.js";
import type { Clock } from "../engine/clock.js";
import { MINUTE, type Millis, type SimTime } from "../engine/time.js";

/** `controller.ExpectationsTimeout`: unmet create/delete expectations expire after this. */
export const ExpectationsTimeout: Millis = 5 * MINUTE;

interface Expectation {
  add: number;
  del: number;
  /** When the expectation was set; it expires `timeout` later (`ControlleeExpectations.timestamp`). */
  timestamp: SimTime;
}

/** Per-key pending creations/deletions, with the 5 min expiry read from an injected clock. */
export class ControllerExpectations {
  private readonly store = new ChurnMap<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly timeout: Millis = ExpectationsTimeout,
  ) {}

  /** `ExpectCreations`: overwrite the key's record with `adds` pending creations. */
  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  /** `ExpectDeletions`: overwrite the key's record with `dels` pending deletions. */
  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  /** `CreationObserved`: one creation seen (or one create call failed). */
  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  /** `DeletionObserved`: one deletion seen (or one delete call failed). */
  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  /** `LowerExpectations`: decrement both counters; a missing key is left missing. */
  lowerExpectations(key: string, add: number, del: number): void {
    const e = this.store.get(key);
    if (e === undefined) return;
    e.add -= add;
    e.del -= del;
  }

  /**
   * `SatisfiedExpectations`: true when no record exists (nothing expected, or a new controller),
   * when both counters reached ≤ 0, or when the record is older than the timeout (so a lost
   * watch event cannot wedge the Job forever).
   */
  satisfiedExpectations(key: string): boolean {
    const e = this.store.get(key);
    if (e === undefined) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.since(e.timestamp) > this.timeout;
  }

  /** `DeleteExpectations`: forget the key (the Job is gone). */
  deleteExpectations(key: string): void {
    this.store.delete(key);
  }

  /**
   * Forget the key when nothing is pending (both counters at or below zero): such a record
   * answers every question as a missing one does (`SatisfiedExpectations` true, `Lower`
   * keeps it satisfied, `Expect*` overwrites it), so dropping it changes nothing but memory.
   * The Job controller calls it once a Job is finished, where upstream keeps the record until
   * the Job is deleted.
   */
  deleteSatisfied(key: string): void {
    const e = this.store.get(key);
    if (e !== undefined && e.add <= 0 && e.del <= 0) this.store.delete(key);
  }

  /** Keys with a record (for tests that check finished Jobs release theirs). */
  get size(): number {
    return this.store.size;
  }

  /** `GetExpectations`: the pending counts, or undefined; for tests and reports. */
  getExpectations(key: string): { add: number; del: number } | undefined {
    const e = this.store.get(key);
    return e === undefined ? undefined : { add: e.add, del: e.del };
  }

  private setExpectations(key: string, add: number, del: number): void {
    this.store.set(key, { add, del, timestamp: this.clock.now() });
  }
}

/** The shared empty UID set (read-only by type; nobody adds to it). */
export const EMPTY_UIDS: ReadonlySet<string> = new Set<string>();

/**
 * upstream `uidTrackingExpectations` (job/tracking_utils.go): pod UIDs whose tracking-finalizer
 * removal the controller issued but has not yet observed. Without it a lagging informer would
 * show the pod with its finalizer again and the pod would be counted twice.
 */
export class UIDTrackingExpectations {
  private readonly store = new ChurnMap<string, Set<string>>();

  /** `expectFinalizersRemoved`: add UIDs to the key's set. */
  expectFinalizersRemoved(key: string, uids: readonly string[]): void {
    let set = this.store.get(key);
    if (set === undefined) {
      set = new Set();
      this.store.set(key, set);
    }
    for (const uid of uids) set.add(uid);
  }

  /** `finalizerRemovalObserved`: the pod update without the finalizer arrived (or the patch failed). */
  finalizerRemovalObserved(key: string, uid: string): void {
    const set = this.store.get(key);
    if (set === undefined) return;
    set.delete(uid);
    // An empty set answers as a missing one (`getExpectedUIDs` gives the shared empty set,
    // `expectFinalizersRemoved` makes a new one): drop it so finished Jobs keep none.
    if (set.size === 0) this.store.delete(key);
  }

  /** Keys with pending UIDs (for tests that check finished Jobs release theirs). */
  get size(): number {
    return this.store.size;
  }

  /** `getExpectedUIDs`: a copy of the pending UIDs (membership tests only; never iterated for output). */
  getExpectedUIDs(key: string): ReadonlySet<string> {
    const uids = this.store.get(key);
    // Usually none are pending: share one empty set instead of copying nothing.
    return uids === undefined || uids.size === 0 ? EMPTY_UIDS : new Set(uids);
  }

  /** `deleteExpectations`: forget the key. */
  deleteExpectations(key: string): void {
    this.store.delete(key);
  }
}
