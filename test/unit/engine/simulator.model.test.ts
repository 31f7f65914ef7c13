/**
 * Model-based test of the kernel: random sequences of the Simulator's public operations run
 * against a naive reference (a sorted array, eager cancellation), comparing after every command
 * the events fired and their order, `now()`, `peek()`, `pending` and `eventsProcessed`, and
 * checking that a `runUntil(end)` never fires an event at or after `end` and that the clock
 * never runs backwards.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SchedulingError } from "../../../src/engine/errors.js";
import { PRIORITY_LEVELS } from "../../../src/engine/priorities.js";
import { type EventHandle, Simulator } from "../../../src/engine/simulator.js";

/** What a handler does when its event fires, besides recording that it ran. */
interface Effect {
  /** Schedule one more event this many ms after the firing instant (a leaf: no effect). */
  child: { delay: number; priority: number } | null;
  /** Cancel an event, picked as this number modulo the events scheduled so far. */
  cancel: number | null;
}

const NO_EFFECT: Effect = { child: null, cancel: null };

/** One firing as both implementations record it. */
interface Fired {
  id: number;
  at: number;
}

interface ModelEvent {
  id: number;
  at: number;
  priority: number;
  seq: number;
  effect: Effect;
}

/**
 * The reference kernel: pending events in an array kept sorted by (at, priority, seq) by a
 * full sort on every insertion; a cancelled event leaves the array at once.
 */
class ReferenceKernel {
  now: number;
  fired: Fired[] = [];
  scheduled = 0;
  private queue: ModelEvent[] = [];
  private nextSeq = 0;

  constructor(start: number) {
    this.now = start;
  }

  get pending(): number {
    return this.queue.length;
  }

  schedule(at: number, priority: number, effect: Effect): void {
    this.queue.push({ id: this.scheduled++, at, priority, seq: this.nextSeq++, effect });
    this.queue.sort((a, b) => a.at - b.at || a.priority - b.priority || a.seq - b.seq);
  }

  cancel(id: number): void {
    this.queue = this.queue.filter((e) => e.id !== id);
  }

  peek(): number {
    return this.queue.length === 0 ? Number.POSITIVE_INFINITY : this.queue[0]!.at;
  }

  step(): boolean {
    const e = this.queue.shift();
    if (e === undefined) return false;
    this.fire(e);
    return true;
  }

  runUntil(end: number): void {
    while (this.queue.length > 0 && this.queue[0]!.at < end) this.fire(this.queue.shift()!);
    this.now = end;
  }

  private fire(e: ModelEvent): void {
    this.now = e.at;
    this.fired.push({ id: e.id, at: e.at });
    const { child, cancel } = e.effect;
    if (child !== null) this.schedule(this.now + child.delay, child.priority, NO_EFFECT);
    if (cancel !== null) this.cancel(cancel % this.scheduled);
  }
}

/** The Simulator under test, with handlers that record and apply the same effects. */
class RealKernel {
  readonly sim: Simulator;
  fired: Fired[] = [];
  handles: EventHandle[] = [];

  constructor(start: number) {
    this.sim = new Simulator(start);
  }

  /** Schedule at `at`, through `after` (relative to now) when `viaAfter`, else through `at`. */
  schedule(at: number, priority: number, effect: Effect, viaAfter = false): void {
    const id = this.handles.length;
    const arg = { id, effect };
    const handle = viaAfter
      ? this.sim.after(at - this.sim.now(), priority, this.handler, arg)
      : this.sim.at(at, priority, this.handler, arg);
    this.handles.push(handle);
  }

  cancel(id: number): void {
    this.sim.cancel(this.handles[id]!);
  }

  private readonly handler = (arg: unknown): void => {
    const { id, effect } = arg as { id: number; effect: Effect };
    this.fired.push({ id, at: this.sim.now() });
    if (effect.child !== null) {
      this.schedule(this.sim.now() + effect.child.delay, effect.child.priority, NO_EFFECT, true);
    }
    if (effect.cancel !== null) this.cancel(effect.cancel % this.handles.length);
  };
}

type Model = ReferenceKernel;
type Real = RealKernel;

/** The observable state of both must agree after every command. */
function expectSameState(model: Model, real: Real): void {
  expect(real.fired).toEqual(model.fired);
  expect(real.sim.now()).toBe(model.now);
  expect(real.sim.since(0)).toBe(model.now);
  expect(real.sim.pending).toBe(model.pending);
  expect(real.sim.eventsProcessed).toBe(model.fired.length);
  expect(real.handles.length).toBe(model.scheduled);
}

class ScheduleCommand implements fc.Command<Model, Real> {
  constructor(
    readonly delay: number,
    readonly priority: number,
    readonly effect: Effect,
    readonly viaAfter: boolean,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    model.schedule(model.now + this.delay, this.priority, this.effect);
    real.schedule(real.sim.now() + this.delay, this.priority, this.effect, this.viaAfter);
    expectSameState(model, real);
  }
  toString = () =>
    `${this.viaAfter ? "after" : "at"}(+${this.delay}, p${this.priority}, ${JSON.stringify(this.effect)})`;
}

class ScheduleInPastCommand implements fc.Command<Model, Real> {
  constructor(readonly back: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    expect(() => real.sim.at(real.sim.now() - this.back, 0, () => {})).toThrow(SchedulingError);
    expect(() => real.sim.after(-this.back, 0, () => {})).toThrow(SchedulingError);
    expectSameState(model, real);
  }
  toString = () => `scheduleInPast(-${this.back})`;
}

class CancelCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.scheduled > 0;
  run(model: Model, real: Real): void {
    const id = this.pick % model.scheduled;
    model.cancel(id);
    real.cancel(id);
    expectSameState(model, real);
  }
  toString = () => `cancel(#${this.pick})`;
}

class StepCommand implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    const before = real.sim.now();
    const firedBefore = real.fired.length;
    const expected = model.step();
    expect(real.sim.step()).toBe(expected);
    // step runs one event; its handler may not fire more.
    expect(real.fired.length - firedBefore).toBe(expected ? 1 : 0);
    expect(real.sim.now()).toBeGreaterThanOrEqual(before);
    expectSameState(model, real);
  }
  toString = () => "step()";
}

class RunUntilCommand implements fc.Command<Model, Real> {
  constructor(readonly delta: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const start = real.sim.now();
    const end = start + this.delta;
    const firedBefore = real.fired.length;
    model.runUntil(end);
    real.sim.runUntil(end);
    const firedNow = real.fired.slice(firedBefore);
    let previous = start;
    for (const f of firedNow) {
      expect(f.at).toBeLessThan(end);
      expect(f.at).toBeGreaterThanOrEqual(previous);
      previous = f.at;
    }
    expect(real.sim.now()).toBe(end);
    // Whatever is still due comes at or after the horizon.
    expect(real.sim.peek()).toBeGreaterThanOrEqual(end);
    expectSameState(model, real);
  }
  toString = () => `runUntil(+${this.delta})`;
}

class RunUntilBeforeNowCommand implements fc.Command<Model, Real> {
  constructor(readonly back: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    expect(() => real.sim.runUntil(real.sim.now() - this.back)).toThrow(SchedulingError);
    expectSameState(model, real);
  }
  toString = () => `runUntil(-${this.back})`;
}

class PeekCommand implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    expect(real.sim.peek()).toBe(model.peek());
    expectSameState(model, real);
  }
  toString = () => "peek()";
}

// Small delays and few priorities make ties at one instant common, and so the FIFO tie-break.
const priority = fc.integer({ min: 0, max: PRIORITY_LEVELS - 1 });
const effect: fc.Arbitrary<Effect> = fc.record({
  child: fc.option(fc.record({ delay: fc.integer({ min: 0, max: 12 }), priority }), { freq: 3 }),
  cancel: fc.option(fc.nat(), { freq: 3 }),
});
const commands = fc.commands(
  [
    fc
      .tuple(fc.integer({ min: 0, max: 30 }), priority, effect, fc.boolean())
      .map(([d, p, e, a]) => new ScheduleCommand(d, p, e, a)),
    fc
      .tuple(fc.integer({ min: 0, max: 30 }), priority, fc.boolean())
      .map(([d, p, a]) => new ScheduleCommand(d, p, NO_EFFECT, a)),
    fc.integer({ min: 1, max: 5 }).map((b) => new ScheduleInPastCommand(b)),
    // Cancellations weigh as much as schedules: cancelled events at the head are the hard case.
    fc.nat().map((n) => new CancelCommand(n)),
    fc.nat().map((n) => new CancelCommand(n)),
    fc.constant(new StepCommand()),
    fc.integer({ min: 0, max: 25 }).map((d) => new RunUntilCommand(d)),
    fc.integer({ min: 0, max: 8 }).map((d) => new RunUntilCommand(d)),
    fc.integer({ min: 1, max: 5 }).map((b) => new RunUntilBeforeNowCommand(b)),
    fc.constant(new PeekCommand()),
  ],
  { maxCommands: 80 },
);

describe("Simulator against a reference queue", () => {
  it("fires the same events in the same order, never at or past a horizon, with a monotone clock", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), commands, (start, cmds) => {
        fc.modelRun(() => ({ model: new ReferenceKernel(start), real: new RealKernel(start) }), cmds);
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });
});
