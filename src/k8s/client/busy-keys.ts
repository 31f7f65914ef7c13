/**
 * The work-queue keys whose worker still waits for its API calls. Upstream a worker goroutine
 * blocks in each call and the queue hands a key to one worker at a time, so a key is synced
 * again only once its previous sync's last call returned. A sync here runs at one instant and
 * its calls return later (api-client.ts); this keeps, per key, when they did.
 */
import type { SimTime } from "../../engine/time.js";
import type { QueueKey, RateLimitingQueue } from "../rate-limited-queue.js";

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

  /** A fresh process: no worker is waiting. */
  clear(): void {
    this.until.clear();
  }
}
