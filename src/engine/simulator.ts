import type { Clock } from "./clock.js";
import { SchedulingError } from "./errors.js";
import { EventQueue } from "./event-queue.js";
import { PRIORITY_LEVELS } from "./priorities.js";
import type { Millis, SimTime } from "./time.js";

/**
 * A callback run when its event fires, with the argument it was scheduled with. Handlers run
 * to completion; there is no async. Passing an argument lets hot paths schedule one shared
 * handler instead of allocating a closure per event.
 */
export type EventHandler = (arg: unknown) => void;

/**
 * Opaque handle of a scheduled event, for `cancel`. It packs the handler slot and the event's
 * sequence number, so a stale handle (event already run, slot reused) cancels nothing.
 */
export type EventHandle = number;

const SLOT_BITS = 2 ** 22;
const MAX_SEQ = 2 ** 31;

/**
 * The discrete-event kernel: a virtual clock and an event heap ordered by (time, priority,
 * sequence). Cancellation is lazy: a cancelled event stays in the heap and is skipped when it
 * reaches the head (nexosim's `is_cancelled`).
 *
 * Horizon rule: `runUntil(end)` runs every event with `at < end` and then sets the clock to
 * `end`; events at exactly `end` stay queued (exclusive, as SimPy's `run(until)`).
 *
 * Monotone clock: every path that looks at the head (`peek`, `step`, `runUntil`) first drops
 * cancelled entries there, so a horizon is compared with the next event that will really run,
 * never with a cancelled one in front of it; and the kernel refuses to be run from inside one
 * of its own handlers, where a nested `runUntil` could move the clock past events the outer run
 * has yet to fire.
 */
export class Simulator implements Clock {
  private current: SimTime;
  private readonly queue = new EventQueue();
  private handlers: (EventHandler | undefined)[] = [];
  private args: unknown[] = [];
  private slotSeq: Float64Array = new Float64Array(1024);
  private freeSlots: number[] = [];
  private processed = 0;
  private live = 0;
  private running = false;

  constructor(start: SimTime) {
    if (!Number.isSafeInteger(start))
      throw new SchedulingError(`start time must be an integer, got ${start}`);
    this.current = start;
  }

  now(): SimTime {
    return this.current;
  }

  since(t: SimTime): Millis {
    return this.current - t;
  }

  /** Events run so far (cancelled ones not counted). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events still to run: scheduled, not yet run and not cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Schedule `handler` (called with `arg`) at absolute time `at` (not before now) with a priority class. */
  at(at: SimTime, priority: number, handler: EventHandler, arg?: unknown): EventHandle {
    // The messages are built in functions of their own: TurboFan merges equal conversions of
    // `at` from several throw branches into one it then runs on every call, and a SimTime is
    // a heap number whose conversion to text costs more than the rest of this method.
    if (!Number.isSafeInteger(at) || at < this.current) throw invalidTime(at, this.current);
    if (priority < 0 || priority >= PRIORITY_LEVELS || !Number.isInteger(priority)) {
      throw invalidPriority(priority);
    }
    const slot = this.allocateSlot(handler);
    this.args[slot] = arg;
    const seq = this.queue.push(at, priority, slot);
    if (seq >= MAX_SEQ) throw new SchedulingError("event sequence counter exhausted");
    this.slotSeq[slot] = seq;
    this.live++;
    return seq * SLOT_BITS + slot;
  }

  /** Schedule `handler` after `delay` ms (0 is allowed: it runs after events already due now). */
  after(delay: Millis, priority: number, handler: EventHandler, arg?: unknown): EventHandle {
    if (!(delay >= 0)) throw new SchedulingError(`delay must be >= 0, got ${delay}`);
    return this.at(this.current + delay, priority, handler, arg);
  }

  /** Cancel a scheduled event; a handle whose event already ran or was cancelled is ignored. */
  cancel(handle: EventHandle): void {
    const slot = handle % SLOT_BITS;
    const seq = (handle - slot) / SLOT_BITS;
    if (this.slotSeq[slot] === seq && this.handlers[slot] !== undefined) {
      this.handlers[slot] = undefined;
      this.live--;
    }
  }

  /** Time of the next event that will run (cancelled ones are not), or Infinity. */
  peek(): SimTime {
    return this.nextLiveTime();
  }

  /** Run the next live event, whatever its time; returns false when none is left. */
  step(): boolean {
    this.enter();
    try {
      if (this.nextLiveTime() === Number.POSITIVE_INFINITY) return false;
      this.fireHead();
      return true;
    } finally {
      this.running = false;
    }
  }

  /** Run every event strictly before `end`, then set the clock to `end`. */
  runUntil(end: SimTime): void {
    if (!Number.isSafeInteger(end))
      throw new SchedulingError(`run horizon must be an integer ms, got ${end}`);
    if (end < this.current) throw new SchedulingError(`cannot run until ${end}, before now ${this.current}`);
    this.enter();
    try {
      while (this.nextLiveTime() < end) this.fireHead();
      this.current = end;
    } finally {
      this.running = false;
    }
  }

  /** Mark a run as started; a handler that runs the kernel again is a fault of its caller. */
  private enter(): void {
    if (this.running) throw new SchedulingError("the simulator cannot be run from inside an event handler");
    this.running = true;
  }

  /**
   * Drop cancelled entries off the head and return the time of the live event there, or
   * Infinity when none is left. After it, the head (if any) is an event that will run.
   */
  private nextLiveTime(): number {
    const queue = this.queue;
    while (queue.size > 0) {
      const slot = queue.peekSlot();
      if (this.handlers[slot] !== undefined) return queue.peekTime();
      queue.pop();
      this.releaseSlot(slot);
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Pop the head, which `nextLiveTime` has just shown to be live, and run it. */
  private fireHead(): void {
    const queue = this.queue;
    const at = queue.peekTime();
    const slot = queue.peekSlot();
    queue.pop();
    const handler = this.handlers[slot]!;
    const arg = this.args[slot];
    this.releaseSlot(slot);
    this.current = at;
    this.processed++;
    this.live--;
    handler(arg);
  }

  private allocateSlot(handler: EventHandler): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.handlers.length;
    if (slot === this.handlers.length) {
      if (slot >= SLOT_BITS) throw new SchedulingError(`more than ${SLOT_BITS} events pending`);
      this.handlers.push(handler);
      if (slot >= this.slotSeq.length) {
        const grown = new Float64Array(this.slotSeq.length * 2);
        grown.set(this.slotSeq);
        this.slotSeq = grown;
      }
    } else {
      this.handlers[slot] = handler;
    }
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.handlers[slot] = undefined;
    this.args[slot] = undefined;
    this.slotSeq[slot] = -1;
    this.freeSlots.push(slot);
  }
}

function invalidTime(at: number, now: SimTime): SchedulingError {
  return Number.isSafeInteger(at)
    ? new SchedulingError(`cannot schedule at ${at}, before the current time ${now}`)
    : new SchedulingError(`event time must be an integer ms, got ${at}`);
}

function invalidPriority(priority: number): SchedulingError {
  return new SchedulingError(`priority must be an integer in [0, ${PRIORITY_LEVELS}), got ${priority}`);
}
