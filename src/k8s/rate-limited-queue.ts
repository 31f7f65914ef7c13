import { ChurnMap } from "../collections/churn-collections.js";
import { NamespacedMap } from "../collections/namespaced-map.js";
import { Priority } from "../engine/priorities.js";
import type { EventHandle, Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import { objectKey } from "./store.js";

/**
 * A controller's workers (`--concurrent-job-syncs` and friends) and how long each sync keeps one
 * busy. Without it every sync takes no time and a key is synced at the instant it is ready,
 * which is what any number of workers gives when syncs take no time.
 */
export interface QueueWorkers {
  /** Workers, as `processNextWorkItem` goroutines: at most this many keys sync at once. */
  count: number;
  /** How long the next sync keeps its worker busy (drawn when the sync starts). */
  syncDuration: () => Millis;
  /** Told, at each sync start, how long the key waited since it was queued. */
  onSyncStart?: (waited: Millis) => void;
}

/** Per-key retry delays after a failed sync (client-go's ItemExponentialFailureRateLimiter). */
export interface RateLimit {
  base: Millis;
  max: Millis;
}

/**
 * One key of a {@link RateLimitingQueue} (`namespace/name`, split), with the queue's state for it. The
 * queue hands out one object per key for as long as the key is in use, so a controller's
 * handlers and syncs pass it around instead of a string that every step would look up again:
 * the dirty set and the waiting entries are fields here, not hash tables.
 */
export class QueueKey {
  /** Queued for now (client-go's dirty set). */
  ready = false;
  /** Due time of the waiting entry (`addAfter`), NaN when there is none. */
  waitingAt = Number.NaN;
  waitingHandle: EventHandle = 0;
  /** Its object was deleted: leave the key cache once nothing is queued for it. */
  forgotten = false;
  /** A worker is syncing it (client-go's processing set); only with {@link QueueWorkers}. */
  processing = false;
  /** When it last became ready: the start of its wait for a worker. */
  readyAt = 0;
  /** The end of its current sync, while `processing`. */
  doneHandle: EventHandle = 0;

  constructor(
    readonly key: string,
    readonly namespace: string,
    readonly name: string,
  ) {}

  get idle(): boolean {
    return !this.ready && !this.processing && Number.isNaN(this.waitingAt);
  }
}

/**
 * client-go's rate-limited delaying work queue, reduced to what a synchronous kernel needs.
 * - `add` queues a key now; a key already queued is not queued twice (the "dirty set").
 * - `addAfter` keeps one waiting entry per key and the earliest due time wins, as the
 *   delaying queue's `waitingEntryByData` does; a waiting entry and an immediate add coexist.
 * - A sync runs to completion inside one event, so "add while processing" simply queues the
 *   key again after the current sync.
 * Keys are processed in the order they became ready (FIFO by the kernel's sequence number).
 *
 * With {@link QueueWorkers} syncs take time, and the queue is client-go's `Type` in full: a
 * FIFO of ready keys handed to at most `count` workers; a key being processed is never handed to
 * a second worker, and a key added while it is processed is only marked dirty and queued again
 * when its sync is `Done`. A waiting entry that comes due is an `Add`, as the delaying queue's
 * `waitingLoop` does it.
 *
 * Keys come from {@link RateLimitingQueue.key}: one {@link QueueKey} per `namespace/name` while it is
 * in use. A key whose object was deleted ({@link RateLimitingQueue.forgetKey}) stays the same object
 * until nothing is queued for it, so it behaves exactly like client-go's string keys.
 */
export class RateLimitingQueue {
  private keys = new NamespacedMap<QueueKey>();
  private readonly failures = new ChurnMap<string, number>();
  // One handler each, scheduled with the key as argument: no closure per add.
  private readonly fireReady = (arg: unknown): void => {
    const key = arg as QueueKey;
    // No longer ready: the queue was cleared (`clear`) after this event was scheduled.
    if (!key.ready) return;
    key.ready = false;
    this.process(key);
    this.settle(key);
  };
  private readonly fireWaiting = (arg: unknown): void => {
    const key = arg as QueueKey;
    key.waitingAt = Number.NaN;
    if (this.workers !== null) {
      this.add(key);
      return;
    }
    // Already queued for now: that sync covers this one.
    if (key.ready) return;
    this.process(key);
    this.settle(key);
  };

  // Worker mode only: ready keys in order (a ring would be no faster at these sizes).
  private fifo: QueueKey[] = [];
  private fifoHead = 0;
  private busy = 0;
  private dispatchScheduled = false;
  private readonly dispatchEvent = (): void => {
    this.dispatchScheduled = false;
    this.dispatch();
  };
  private readonly syncDone = (arg: unknown): void => {
    const key = arg as QueueKey;
    // client-go `Done`: a key added meanwhile goes to the back of the queue now.
    key.processing = false;
    this.busy--;
    if (key.ready) {
      key.readyAt = this.sim.now();
      this.fifo.push(key);
    }
    this.settle(key);
    this.dispatch();
  };

  constructor(
    private readonly sim: Simulator,
    private readonly process: (key: QueueKey) => void,
    private readonly rateLimit: RateLimit,
    private readonly workers: QueueWorkers | null = null,
  ) {}

  /** Keys being synced right now (always 0 without {@link QueueWorkers}). */
  get activeWorkers(): number {
    return this.busy;
  }

  /** The key of object `namespace/name` (the same object while the key is in use). */
  key(namespace: string, name: string): QueueKey {
    let key = this.keys.get(namespace, name);
    if (key === undefined) {
      key = new QueueKey(objectKey(namespace, name), namespace, name);
      this.keys.set(namespace, name, key);
    }
    key.forgotten = false;
    return key;
  }

  /**
   * The object was deleted, or its controller has nothing more to do for it (a finished Job):
   * drop its key once nothing is queued for it. An idle key holds no state, so a later
   * {@link RateLimitingQueue.key} for the same object starts an equal one.
   */
  forgetKey(namespace: string, name: string): void {
    const key = this.keys.get(namespace, name);
    if (key === undefined) return;
    key.forgotten = true;
    this.settle(key);
  }

  add(key: QueueKey): void {
    if (key.ready) return;
    key.ready = true;
    if (this.workers === null) {
      this.sim.after(0, Priority.controllerSync, this.fireReady, key);
      return;
    }
    key.readyAt = this.sim.now();
    // Being processed: `Done` queues it again.
    if (key.processing) return;
    this.fifo.push(key);
    if (!this.dispatchScheduled) {
      this.dispatchScheduled = true;
      this.sim.after(0, Priority.controllerSync, this.dispatchEvent);
    }
  }

  /** Hand ready keys to idle workers, in queue order (client-go `Get`). */
  private dispatch(): void {
    const workers = this.workers!;
    while (this.busy < workers.count && this.fifoHead < this.fifo.length) {
      const key = this.fifo[this.fifoHead++]!;
      key.ready = false;
      key.processing = true;
      this.busy++;
      workers.onSyncStart?.(this.sim.now() - key.readyAt);
      this.process(key);
      key.doneHandle = this.sim.after(workers.syncDuration(), Priority.controllerSync, this.syncDone, key);
    }
    if (this.fifoHead === this.fifo.length) {
      this.fifo = [];
      this.fifoHead = 0;
    } else if (this.fifoHead > 1024 && this.fifoHead * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
  }

  addAfter(key: QueueKey, delay: Millis): void {
    if (delay <= 0) {
      this.add(key);
      return;
    }
    const at: SimTime = this.sim.now() + delay;
    if (!Number.isNaN(key.waitingAt)) {
      if (key.waitingAt <= at) return;
      // Sooner: move the entry.
      this.sim.cancel(key.waitingHandle);
    }
    key.waitingAt = at;
    key.waitingHandle = this.sim.at(at, Priority.controllerSync, this.fireWaiting, key);
  }

  /** Re-queue after a failed sync, with per-key exponential delay. */
  addRateLimited(key: QueueKey): void {
    const n = this.failures.get(key.key) ?? 0;
    this.failures.set(key.key, n + 1);
    this.addAfter(key, Math.min(this.rateLimit.base * 2 ** n, this.rateLimit.max));
  }

  /** Reset the key's failure count after a successful sync. */
  forget(key: QueueKey): void {
    // Nearly every sync ends here, and failures are rare.
    if (this.failures.size > 0) this.failures.delete(key.key);
  }

  /** Keys in the cache (for tests that check finished objects release theirs). */
  get cachedKeys(): number {
    return this.keys.size;
  }

  /** Drop everything queued (the controller process stopped), and the keys with it. */
  clear(): void {
    // Keys with something queued are all in the cache: a key leaves it only when idle.
    for (const key of this.keys.values()) {
      key.ready = false;
      if (!Number.isNaN(key.waitingAt)) this.sim.cancel(key.waitingHandle);
      key.waitingAt = Number.NaN;
      if (key.processing) this.sim.cancel(key.doneHandle);
      key.processing = false;
    }
    this.fifo = [];
    this.fifoHead = 0;
    this.busy = 0;
    // Deletions while stopped are never seen: the key cache starts afresh.
    this.keys = new NamespacedMap();
    this.failures.clear();
  }

  /** Drop a forgotten key from the cache once it is idle. */
  private settle(key: QueueKey): void {
    if (key.forgotten && key.idle && this.keys.get(key.namespace, key.name) === key) {
      this.keys.delete(key.namespace, key.name);
    }
  }
}
