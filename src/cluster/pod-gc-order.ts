import { ChurnMap } from "../collections/churn-collections.js";
import type { SimTime } from "../engine/time.js";

/** A terminated pod waiting for PodGC. */
export interface GcEntry {
  evicted: boolean;
  created: SimTime;
  name: string;
  namespace: string;
  key: string;
  /** The pod left (deleted, or taken by PodGC): the entry is skipped when reached. */
  gone: boolean;
}

/** Pods created at one instant; sorted by name only once PodGC first takes from them. */
interface Bucket {
  entries: GcEntry[];
  head: number;
  sorted: boolean;
}

function byName(a: GcEntry, b: GcEntry): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}

/**
 * Terminated pods in one eviction class, oldest first, then by name (upstream
 * `byEvictionAndCreationTimestamp` within the class; same-name pods of two namespaces by
 * namespace, where upstream's unstable sort leaves them in any order).
 *
 * Pods are created in batches that share an instant (up to 500 per Job sync), so entries are
 * grouped by creation time: a push is an append, only the distinct times form a heap, and a
 * group is sorted by name once, when PodGC reaches it. That is far cheaper than a binary heap
 * over all pods, whose ties on creation time cost a string comparison at every level.
 */
class CreationOrder {
  private readonly buckets = new ChurnMap<SimTime, Bucket>();
  /** Min-heap of the creation times in `buckets`. */
  private readonly times: SimTime[] = [];
  size = 0;
  // The bucket pushed to last and the one popped from: pods of a batch terminate together, and
  // PodGC takes a bucket's entries one after another, so most pushes and pops skip the lookup.
  private lastPushed: Bucket | null = null;
  private lastPushedAt: SimTime = Number.NaN;
  private head: Bucket | null = null;
  private headAt: SimTime = Number.NaN;

  push(e: GcEntry): void {
    let bucket = e.created === this.lastPushedAt ? this.lastPushed : this.buckets.get(e.created);
    if (bucket == null) {
      bucket = { entries: [e], head: 0, sorted: false };
      this.buckets.set(e.created, bucket);
      this.pushTime(e.created);
    } else if (!bucket.sorted) {
      bucket.entries.push(e);
    } else {
      // Rare: a pod of a group PodGC is already taking from terminated late.
      const entries = bucket.entries;
      let lo = bucket.head;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byName(entries[mid]!, e) < 0) lo = mid + 1;
        else hi = mid;
      }
      entries.splice(lo, 0, e);
    }
    this.lastPushed = bucket;
    this.lastPushedAt = e.created;
    this.size++;
  }

  /** The first entry in order, removed; undefined when empty. */
  pop(): GcEntry | undefined {
    if (this.size === 0) return undefined;
    const created = this.times[0]!;
    // The earliest time decides (a late pod of an older batch may have come before the cached one).
    const bucket = created === this.headAt ? this.head! : this.buckets.get(created)!;
    this.head = bucket;
    this.headAt = created;
    if (!bucket.sorted) {
      bucket.entries.sort(byName);
      bucket.sorted = true;
    }
    const e = bucket.entries[bucket.head++]!;
    if (bucket.head === bucket.entries.length) {
      this.buckets.delete(created);
      this.popTime();
      this.head = null;
      this.headAt = Number.NaN;
      if (bucket === this.lastPushed) {
        this.lastPushed = null;
        this.lastPushedAt = Number.NaN;
      }
    }
    this.size--;
    return e;
  }

  /** Keep only the entries `live` accepts. */
  retain(live: (e: GcEntry) => boolean): void {
    const kept: GcEntry[] = [];
    for (const bucket of this.buckets.values()) {
      for (let i = bucket.head; i < bucket.entries.length; i++) {
        const e = bucket.entries[i]!;
        if (live(e)) kept.push(e);
      }
    }
    this.buckets.clear();
    this.times.length = 0;
    this.size = 0;
    this.head = null;
    this.headAt = Number.NaN;
    this.lastPushed = null;
    this.lastPushedAt = Number.NaN;
    for (const e of kept) this.push(e);
  }

  private pushTime(t: SimTime): void {
    const h = this.times;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! <= t) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = t;
  }

  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && h[r]! < h[l]! ? r : l;
      if (h[c]! >= last) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}

/** Terminated pods in PodGC's deletion order: evicted ones first, then oldest, then by name. */
export class TerminatedPodOrder {
  private readonly evicted = new CreationOrder();
  private readonly others = new CreationOrder();

  /** Entries held, including ones the caller has since found dead. */
  get size(): number {
    return this.evicted.size + this.others.size;
  }

  push(e: GcEntry): void {
    (e.evicted ? this.evicted : this.others).push(e);
  }

  pop(): GcEntry | undefined {
    return this.evicted.pop() ?? this.others.pop();
  }

  retain(live: (e: GcEntry) => boolean): void {
    this.evicted.retain(live);
    this.others.retain(live);
  }
}
