/**
 * Errors of a sweep. Like the report layer's, they carry no exit code: the command line maps
 * {@link SweepInputError} to a user error and {@link RunFailedError} by its cause.
 */

/** A sweep that cannot run or merge as asked: a bad flag, expression, metric name or partial. */
export class SweepInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SweepInputError";
  }
}

/** One run of a sweep threw: which grid point and seed, and why. */
export class RunFailedError extends Error {
  constructor(
    readonly pointId: string,
    readonly seed: number,
    readonly reason: string,
    /** The error's class name in the run (`EventLimitReached` is the user's; others are jobsim's). */
    readonly errorName: string,
  ) {
    super(`the run of grid point ${pointId} with seed ${seed} failed: ${reason}`);
    this.name = "RunFailedError";
  }
}
