/**
 * What reading the Simulation document yields: its own home, so readSimulation's helpers
 * (arrivals.ts, dependencies.ts) and load.ts's cross-checks share the type without importing
 * the reader.
 */
import type { SweepSection } from "./sweep-section.js";
import type { SimulationSpec } from "./types.js";
import type { YValue } from "./yaml-source.js";

/** A Simulation document read into its spec, plus the YAML sites load.ts needs for cross-checks. */
export interface SimulationDocument {
  spec: SimulationSpec;
  /** `spec.manifests` entries (each a string scalar), in written order. */
  manifests: { path: string; site: YValue }[];
  /** Where each action of `spec.actions` was written (same order as spec.actions). */
  actionSites: YValue[];
  /** Where each workload was written (same order as spec.workloads). */
  workloadSites: YValue[];
  /** Where each arrival was written (same order as spec.arrivals). */
  arrivalSites: YValue[];
  /** `spec.sweep`, read for its shape only (src/sweep/grid.ts expands it); null when absent. */
  sweep: SweepSection | null;
}
