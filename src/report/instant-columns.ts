import type { SimTime } from "../engine/time.js";

/** The instants of one CronJob as numbers, read by index: in memory, or on disk (schedule-spill.ts). */
export interface InstantColumns {
  readonly length: number;
  timeAt(i: number): SimTime;
  /** The outcome's code (its position in the contract's list of outcomes). */
  codeAt(i: number): number;
  /** When the Job of a created instant was created; NaN when unknown or not created. */
  jobCreatedAtAt(i: number): number;
}
