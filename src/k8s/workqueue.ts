import { Priority } from "../engine/priorities.js";
import type { EventHandle, Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import { ChurnMap, ChurnSet } from "./churn-collections.js";

/** Per-key retry delays after a failed sync (client-go's ItemExponentialFailureRateLimiter). */
export interface RateLimit {
  base: Millis;
  max: Millis;
}

/**
 * client-go's rate-limited delaying work queue, reduced to what a synchronous kernel needs.
 * - `add` queues a key now; a key already queued is not queued twice (the "dirty set").
 * - `addAfter` keeps one waiting entry per key and the earliest due time wins, as the
 *   delaying queue's `waitingEntryByData` does; a waiting entry and an immediate add coexist.
 * - A sync runs to completion inside one event, so "add while processing" simply queues the
 *   key again after the current sync.
 * Keys are processed in the order they became ready (FIFO by the kernel's sequence number).
 */
export class WorkQueue {
  private readonly ready = new ChurnSet<string>();
  private readonly waiting = new ChurnMap<string, { at: SimTime; handle: EventHandle }>();
  private readonly failures = new ChurnMap<string, number>();
  // One handler each, scheduled with the key as argument: no closure per add.
  private readonly fireReady = (key: unknown): void => {
    // A key no longer ready was cleared (`clear`) after this event was scheduled.
    if (!this.ready.delete(key as string)) return;
    this.process(key as string);
  };
  private readonly fireWaiting = (key: unknown): void => {
    this.waiting.delete(key as string);
    // Already queued for now: that sync covers this one.
    if (this.ready.has(key as string)) return;
    this.process(key as string);
  };

  constructor(
    private readonly sim: Simulator,
    private readonly process: (key: string) => void,
    private readonly rateLimit: RateLimit,
  ) {}

  add(key: string): void {
    if (this.ready.has(key)) return;
    this.ready.add(key);
    this.sim.after(0, Priority.controllerSync, this.fireReady, key);
  }

  addAfter(key: string, delay: Millis): void {
    if (delay <= 0) {
      this.add(key);
      return;
    }
    const at = this.sim.now() + delay;
    const existing = this.waiting.get(key);
    if (existing !== undefined) {
      if (existing.at <= at) return;
      // Sooner: move the entry (in place, it is ours alone).
      this.sim.cancel(existing.handle);
      existing.at = at;
      existing.handle = this.sim.at(at, Priority.controllerSync, this.fireWaiting, key);
      return;
    }
    this.waiting.set(key, { at, handle: this.sim.at(at, Priority.controllerSync, this.fireWaiting, key) });
  }

  /** Re-queue after a failed sync, with per-key exponential delay. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.rateLimit.base * 2 ** n, this.rateLimit.max));
  }

  /** Reset the key's failure count after a successful sync. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Drop everything queued (the controller process stopped). */
  clear(): void {
    for (const w of this.waiting.values()) this.sim.cancel(w.handle);
    this.waiting.clear();
    this.ready.clear();
    this.failures.clear();
  }
}
