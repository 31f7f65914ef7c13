import type { Scenario } from "../scenario/types.js";

/** One point of a what-if grid: a validated Scenario and the values that made it. */
export interface GridPoint {
  /** "p0", "p1", ... in grid order. */
  id: string;
  /** PATH -> value as written by the user. */
  params: Record<string, unknown>;
  scenario: Scenario;
}
