import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SchedulingError } from "../../../src/engine/errors.js";
import { EventQueue } from "../../../src/engine/event-queue.js";
import { Priority } from "../../../src/engine/priorities.js";
import { Simulator } from "../../../src/engine/simulator.js";

describe("Simulator", () => {
  it("runs events in (time, priority, sequence) order", () => {
    // Arrange
    const sim = new Simulator(0);
    const log: string[] = [];
    sim.at(10, Priority.controllerSync, () => log.push("sync@10"));
    sim.at(10, Priority.podTransition, () => log.push("pod@10 first"));
    sim.at(5, Priority.observe, () => log.push("observe@5"));
    sim.at(10, Priority.podTransition, () => log.push("pod@10 second"));
    // Act
    sim.runUntil(100);
    // Assert
    expect(log).toEqual(["observe@5", "pod@10 first", "pod@10 second", "sync@10"]);
    expect(sim.now()).toBe(100);
  });

  it("treats the horizon as exclusive and resumes from it", () => {
    const sim = new Simulator(0);
    const log: number[] = [];
    sim.at(10, Priority.action, () => log.push(sim.now()));
    sim.at(9, Priority.action, () => log.push(sim.now()));
    sim.runUntil(10);
    expect(log).toEqual([9]);
    expect(sim.pending).toBe(1);
    sim.runUntil(11);
    expect(log).toEqual([9, 10]);
  });

  it("lets a handler schedule at the current instant, after what is already due", () => {
    const sim = new Simulator(0);
    const log: string[] = [];
    sim.at(1, Priority.action, () => {
      log.push("a");
      sim.after(0, Priority.action, () => log.push("c"));
    });
    sim.at(1, Priority.action, () => log.push("b"));
    sim.runUntil(2);
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("skips cancelled events and ignores stale handles", () => {
    const sim = new Simulator(0);
    const log: number[] = [];
    const h = sim.at(3, Priority.action, () => log.push(3));
    const ran = sim.at(1, Priority.action, () => log.push(1));
    sim.cancel(h);
    sim.runUntil(2);
    // The slot of the event at 1 is free now; a new event may reuse it.
    sim.at(4, Priority.action, () => log.push(4));
    sim.cancel(ran);
    sim.runUntil(10);
    expect(log).toEqual([1, 4]);
    expect(sim.eventsProcessed).toBe(2);
  });

  it("does not let a cancelled head carry a later event over the horizon", () => {
    // Regression: runUntil checked the head's time, the head was a cancelled event at 5, and
    // step() then ran the next live event at 20 before the clock was set back to 10.
    const sim = new Simulator(0);
    const ran: number[] = [];
    const cancelled = sim.at(5, Priority.action, () => ran.push(5));
    sim.at(20, Priority.action, () => ran.push(sim.now()));
    sim.cancel(cancelled);

    sim.runUntil(10);

    expect(ran).toEqual([]);
    expect(sim.now()).toBe(10);
    expect(sim.eventsProcessed).toBe(0);
    expect(sim.pending).toBe(1);
    sim.runUntil(21);
    expect(ran).toEqual([20]);
    expect(sim.now()).toBe(21);
  });

  it("peeks past cancelled events to the next one that will run", () => {
    const sim = new Simulator(0);
    const a = sim.at(5, Priority.action, () => {});
    const b = sim.at(7, Priority.observe, () => {});
    sim.at(20, Priority.action, () => {});
    sim.cancel(a);
    sim.cancel(b);
    expect(sim.peek()).toBe(20);
    expect(sim.pending).toBe(1);
  });

  it("steps to the next live event, and reports false once only cancelled ones are left", () => {
    const sim = new Simulator(0);
    const ran: number[] = [];
    const a = sim.at(5, Priority.action, () => ran.push(5));
    sim.at(20, Priority.action, () => ran.push(sim.now()));
    const c = sim.at(30, Priority.action, () => ran.push(30));
    sim.cancel(a);
    sim.cancel(c);
    expect(sim.step()).toBe(true);
    expect(ran).toEqual([20]);
    expect(sim.now()).toBe(20);
    expect(sim.step()).toBe(false);
    expect(sim.now()).toBe(20);
    expect(sim.pending).toBe(0);
  });

  it("counts a cancelled event once, however often its handle is cancelled", () => {
    const sim = new Simulator(0);
    const h = sim.at(5, Priority.action, () => {});
    sim.at(6, Priority.action, () => {});
    sim.cancel(h);
    sim.cancel(h);
    expect(sim.pending).toBe(1);
  });

  it("refuses to be run from inside one of its handlers, so a nested run cannot move time back", () => {
    // A nested runUntil(50) inside an outer runUntil(10) would leave the clock at 50 and the
    // outer run would then set it back to 10.
    const sim = new Simulator(0);
    const errors: unknown[] = [];
    sim.at(1, Priority.action, () => {
      for (const nested of [() => sim.runUntil(50), () => sim.step()]) {
        try {
          nested();
        } catch (e) {
          errors.push(e);
        }
      }
    });
    sim.at(40, Priority.action, () => {});
    sim.runUntil(10);
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(SchedulingError);
    expect(sim.now()).toBe(10);
    expect(sim.pending).toBe(1);
    // A handler that throws leaves the kernel usable.
    sim.at(12, Priority.action, () => {
      throw new Error("handler fault");
    });
    expect(() => sim.runUntil(20)).toThrow("handler fault");
    expect(sim.now()).toBe(12);
    sim.runUntil(50);
    expect(sim.now()).toBe(50);
    expect(sim.pending).toBe(0);
  });

  it("rejects scheduling in the past, at non-integer times and with bad priorities", () => {
    const sim = new Simulator(100);
    expect(() => sim.at(99, Priority.action, () => {})).toThrow(SchedulingError);
    expect(() => sim.at(100.5, Priority.action, () => {})).toThrow(SchedulingError);
    expect(() => sim.at(Number.NaN, Priority.action, () => {})).toThrow(SchedulingError);
    expect(() => sim.after(-1, Priority.action, () => {})).toThrow(SchedulingError);
    expect(() => sim.at(100, 99, () => {})).toThrow(SchedulingError);
    expect(() => sim.runUntil(50)).toThrow(SchedulingError);
    expect(() => sim.runUntil(Number.NaN)).toThrow(SchedulingError);
    expect(() => sim.runUntil(150.5)).toThrow(SchedulingError);
    expect(sim.now()).toBe(100);
  });
});

describe("EventQueue", () => {
  it("pops any sequence of pushes in (time, priority, insertion) order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 3 })), {
          maxLength: 300,
        }),
        (entries) => {
          const queue = new EventQueue(2);
          entries.forEach(([at, prio], i) => {
            queue.push(at, prio, i);
          });
          const popped: number[] = [];
          while (queue.size > 0) {
            popped.push(queue.peekSlot());
            queue.pop();
          }
          const expected = entries
            .map(([at, prio], i) => ({ at, prio, i }))
            .sort((a, b) => a.at - b.at || a.prio - b.prio || a.i - b.i)
            .map((e) => e.i);
          expect(popped).toEqual(expected);
        },
      ),
      { seed: 20261127 },
    );
  });
});
