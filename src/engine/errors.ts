/** Typed errors of the engine's own contract (nexosim's SchedulingError, SimPy's guards). */

/** Scheduling in the past, or at a time that is not a finite integer. */
export class SchedulingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchedulingError";
  }
}
