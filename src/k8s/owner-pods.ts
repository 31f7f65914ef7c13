import type { Pod } from "./types.js";

/**
 * Where a stored pod's current version lives, with its place in its controller's lists. Indexes
 * hold the slot, not the version, so a write replaces one field instead of updating every index.
 */
export interface PodSlot {
  current: Pod;
  /** The owner whose lists hold it (null: no controller, or the owner's lists were dropped). */
  owner: OwnerPods | null;
  /** Index in `owner.all`, -1 when not in it. */
  allAt: number;
  /** Index in `owner.live`, -1 when not in it. */
  liveAt: number;
  /** False once the pod has left the store (a {@link PodRef} to it then finds it by name). */
  stored: boolean;
  /**
   * PodGC's record of the pod once it is terminated (cluster/pod-gc.ts), kept with the stored
   * pod so that its deletion finds it without a lookup by UID in a table of thousands.
   */
  gcEntry: object | null;
  /** The report recorder's live record of the pod (report/recorder.ts), for the same reason. */
  reportEntry: object | null;
}

/** The list of an owner with no pods in it (never written: the first pod gets a new array). */
const NO_SLOTS: (PodSlot | null)[] = [];

/** Holes a list tolerates before compacting, on top of its live entries (amortised O(1)). */
const HOLES_FLOOR = 16;

/**
 * The pods one controller (by UID) owns, in creation order: every stored one (`all`) and the
 * unsettled ones (`live`). Each pod's slot records its index in both lists, so adding and
 * removing a pod is an array write instead of a hash-table operation on its name, and an owner
 * with one pod costs two one-element arrays instead of two Maps. Removal leaves a hole, filled
 * in when holes outnumber entries; iteration skips holes, so lists keep the order of a Map keyed
 * by name (pod names are unique, and a pod enters each list once).
 */
export class OwnerPods {
  all: (PodSlot | null)[] = NO_SLOTS;
  allCount = 0;
  live: (PodSlot | null)[] = NO_SLOTS;
  liveCount = 0;

  constructor(
    readonly uid: string,
    /** The owner's name, as the pods' controller reference gives it. */
    readonly name: string,
  ) {}

  addAll(slot: PodSlot): void {
    slot.owner = this;
    // A one-element literal, not a push onto an empty array (which reserves 17 elements): most
    // Jobs have one pod.
    if (this.all.length === 0) {
      slot.allAt = 0;
      this.all = [slot];
    } else {
      slot.allAt = this.all.length;
      this.all.push(slot);
    }
    this.allCount++;
  }

  addLive(slot: PodSlot): void {
    if (this.live.length === 0) {
      slot.liveAt = 0;
      this.live = [slot];
    } else {
      slot.liveAt = this.live.length;
      this.live.push(slot);
    }
    this.liveCount++;
  }

  /** Remove `slot` from `all` (the caller removes it from `live` first); false when it was not there. */
  removeAll(slot: PodSlot): boolean {
    const at = slot.allAt;
    if (at < 0 || this.all[at] !== slot) return false;
    slot.allAt = -1;
    this.all[at] = null;
    if (--this.allCount === 0) this.all = NO_SLOTS;
    else this.all = compacted(this.all, this.allCount, false);
    return true;
  }

  /** Remove `slot` from `live`; false when it was not there. */
  removeLive(slot: PodSlot): boolean {
    const at = slot.liveAt;
    if (at < 0 || this.live[at] !== slot) return false;
    slot.liveAt = -1;
    this.live[at] = null;
    if (--this.liveCount === 0) this.live = NO_SLOTS;
    else this.live = compacted(this.live, this.liveCount, true);
    return true;
  }

  /** Forget every unsettled pod (their owner is gone: nothing lists them any more). */
  dropLive(): void {
    for (const slot of this.live) if (slot !== null) slot.liveAt = -1;
    this.live = NO_SLOTS;
    this.liveCount = 0;
  }

  /** Forget every pod (their owner let go of them). */
  dropAll(): void {
    this.dropLive();
    for (const slot of this.all) {
      if (slot === null) continue;
      slot.allAt = -1;
      slot.owner = null;
    }
    this.all = NO_SLOTS;
    this.allCount = 0;
  }
}

/** `list` without holes when they outnumber its `count` entries (renumbering the slots), else `list`. */
function compacted(list: (PodSlot | null)[], count: number, live: boolean): (PodSlot | null)[] {
  const holes = list.length - count;
  if (holes <= HOLES_FLOOR || holes <= count) return list;
  const out: (PodSlot | null)[] = new Array(count);
  let j = 0;
  for (const slot of list) {
    if (slot === null) continue;
    if (live) slot.liveAt = j;
    else slot.allAt = j;
    out[j++] = slot;
  }
  return out;
}

/**
 * The current versions of the `count` pods in `list`, in its order: one array of the exact
 * length (a Job's syncs list up to its parallelism each time, and growing the array by pushes
 * allocated about three times that).
 */
export function currentPods(list: readonly (PodSlot | null)[], count: number): Pod[] {
  const out = new Array<Pod>(count);
  let j = 0;
  for (let i = 0; j < count; i++) {
    const slot = list[i];
    if (slot != null) out[j++] = slot.current;
  }
  return out;
}
