import type { Scenario } from "../scenario/types.js";

export interface GridPoint {
  id: string;
  params: Record<string, unknown>;
  scenario: Scenario;
}
// id: "p0", "p1", ... in grid order; params: PATH -> value as written by the user.
