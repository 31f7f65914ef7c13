import type { Millis, SimTime } from "./time.js";

/**
 * A read-only view of simulated time handed to controllers, like k8s.io/utils' PassiveClock.
 * Controllers never read the wall clock.
 */
export interface Clock {
  now(): SimTime;
  since(t: SimTime): Millis;
}

/** A clock whose time a test sets by hand (k8s.io/utils' FakeClock, reduced). */
export class FakeClock implements Clock {
  constructor(private current: SimTime) {}
  now(): SimTime {
    return this.current;
  }
  since(t: SimTime): Millis {
    return this.current - t;
  }
  setTime(t: SimTime): void {
    this.current = t;
  }
  step(d: Millis): void {
    this.current += d;
  }
}
