/**
 * `spec.sweep` of the Simulation document: the what-if grid `sim sweep` runs. Read here for its
 * shape only (lists of values under paths, zip lengths, seeds); what the paths name and whether
 * every point is a valid scenario is src/sweep/grid.ts's work, which needs the whole scenario.
 */
import type { Reader, YValue } from "./yaml-source.js";

/** Points one grid may have: each is validated as a whole scenario before anything runs. */
export const MAX_GRID_POINTS = 10_000;

/** `seeds` of a sweep section: at most this many. */
export const MAX_SWEEP_SEEDS = 1_000_000;

/** One varied path and its values, as written. */
export interface SweepColumn {
  /** The path as written, e.g. `Job/nightly.spec.parallelism`. */
  path: string;
  /** The list of values (its location stands for the path in messages). */
  list: YValue;
  values: YValue[];
}

/**
 * One axis of the cartesian product: a `grid` entry (one column), or the whole `zip` group
 * (several columns of equal length, point i taking the i-th value of each).
 */
export interface SweepAxis {
  columns: SweepColumn[];
}

export interface SweepSection {
  site: YValue;
  /** In the order written; `grid` entries one axis each, `zip` one axis. */
  axes: SweepAxis[];
  /** Default number of seeds for `sim sweep`; null when not given. */
  seeds: number | null;
}

/** The number of points of a product of axes (1 for none). */
export function gridSize(axes: readonly { columns: readonly { values: readonly unknown[] }[] }[]): number {
  let n = 1;
  for (const axis of axes) n *= axis.columns[0]?.values.length ?? 1;
  return n;
}

/** Read `spec.sweep` (unset: null). Problems are reported to `r`; the section is then null too. */
export function readSweepSection(r: Reader, v: YValue): SweepSection | null {
  if (v.isUnset) return null;
  if (!r.map(v)) return null;
  const before = r.diag.errorCount;
  r.knownFields(v, ["grid", "zip", "seeds"]);
  const axes: SweepAxis[] = [];
  for (const { key, value } of v.fieldEntries()) {
    if (key === "grid") {
      if (!r.map(value)) continue;
      for (const column of readColumns(r, value)) axes.push({ columns: [column] });
    } else if (key === "zip") {
      if (!r.map(value)) continue;
      const columns = readColumns(r, value);
      const first = columns[0];
      for (const c of columns.slice(1)) {
        if (first !== undefined && c.values.length !== first.values.length) {
          r.error(
            c.list,
            `expected ${first.values.length} values, as many as ${JSON.stringify(first.path)} has (zip takes the i-th value of each), got ${c.values.length}`,
          );
        }
      }
      if (columns.length > 0) axes.push({ columns });
    }
  }
  const gridV = v.get("grid");
  const zipV = v.get("zip");
  if (gridV.isUnset && zipV.isUnset) {
    r.diag.error(
      v.keyLocation(),
      v.path,
      "expected grid or zip: PATH: [values] entries (the sweep's points)",
    );
  }
  const seedsV = v.get("seeds");
  const seeds = r.integer(seedsV, 1, MAX_SWEEP_SEEDS, `an integer from 1 to ${MAX_SWEEP_SEEDS}`) ?? null;
  if (r.diag.errorCount > before) return null;
  const points = gridSize(axes);
  if (points > MAX_GRID_POINTS) {
    r.diag.error(
      v.keyLocation(),
      v.path,
      `the grid has ${points} points, more than the ${MAX_GRID_POINTS} limit (every point is validated before a run): vary fewer paths or fewer values`,
    );
    return null;
  }
  return { site: v, axes, seeds };
}

function readColumns(r: Reader, group: YValue): SweepColumn[] {
  const entries = group.entries();
  if (entries.length === 0) {
    r.error(group, "expected at least one PATH: [values] entry, got an empty mapping (a grid without paths)");
    return [];
  }
  const out: SweepColumn[] = [];
  for (const { key, value } of entries) {
    if (key.trim() === "") {
      r.diag.error(value.keyLocation(), value.path, "expected a path such as Job/nightly.spec.parallelism");
      continue;
    }
    if (!r.seq(value)) {
      if (value.isUnset) r.error(value, "expected a list of values such as [10, 20, 40], got null");
      continue;
    }
    const values = value.items();
    if (values.length === 0) {
      r.error(value, "expected at least one value, got an empty list (the grid would have no points)");
      continue;
    }
    out.push({ path: key, list: value, values });
  }
  return out;
}
