/**
 * The work-queue keys whose worker still waits for its API calls. Upstream a worker goroutine
 * blocks in each call and the queue hands a key to one worker at a time, so a key is synced
 * again only once its previous sync's last call returned. A sync here runs at one instant and
 * its calls return later (api-client.ts); this keeps, per key, when they did.
 */
import type { SimTime } from "../../engine/time.js";
import type { QueueKey, RateLimitingQueue } from "../rate-limited-queue.js";
import type { ApiClient } from "./api-client.js";

export class BusyKeys {
  private readonly until = new Map<string, SimTime>();

  /**
   * True when `key` may be synced at `now`; otherwise it is queued again for when its worker is
   * free and false is returned.
   */
  ready(queue: RateLimitingQueue, key: QueueKey, now: SimTime): boolean {
    const busy = this.until.get(key.key);
    if (busy === undefined) return true;
    if (busy > now) {
      queue.addAfter(key, busy - now);
      return false;
    }
    this.until.delete(key.key);
    return true;
  }

  /** `key`'s last call returns at `free`. */
  busyUntil(key: QueueKey, free: SimTime, now: SimTime): void {
    if (free > now) this.until.set(key.key, free);
  }

  /**
   * One worker's turn at `key`, as the Job and CronJob controllers take it: synced only when its
   * previous sync's calls have returned, and then held busy until this sync's last call returns.
   */
  process(
    queue: RateLimitingQueue,
    key: QueueKey,
    now: SimTime,
    client: ApiClient | null,
    sync: (key: QueueKey) => void,
  ): void {
    if (!this.ready(queue, key, now)) return;
    if (client === null) {
      sync(key);
      return;
    }
    client.startSync();
    try {
      sync(key);
    } finally {
      this.busyUntil(key, client.endSync(), now);
    }
  }

  /** A fresh process: no worker is waiting. */
  clear(): void {
    this.until.clear();
  }
}
