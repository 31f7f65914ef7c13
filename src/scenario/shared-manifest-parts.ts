/**
 * Parts of manifests read once and shared: the Jobs of a scenario are often written from one
 * template, and 100,000 Jobs with the same pod template should hold one pod spec, not 100,000
 * copies of it. A part is shared only when it was read without a single error or warning, and
 * frozen, so that no reader of one Job can change another's. A part with problems is read again
 * at each occurrence, so each one's problems are reported where it is.
 */
import type { Diagnostics } from "./errors.js";
import type { YValue } from "./yaml-source.js";

/** Parts read from the same source text (YValue.sourceKey), for one scenario's manifests. */
export class SharedManifestParts {
  private readonly parts = new Map<string, unknown>();

  /**
   * What `read` makes of `v` as a `part` (a name for what `read` reads, such as "PodSpec"): the
   * part read earlier from the same source text when there is one, else `read()`'s result
   * (kept, frozen, when it reported nothing to `d`).
   */
  read<T extends object>(part: string, d: Diagnostics, v: YValue, read: () => T | null): T | null {
    const source = v.sourceKey();
    if (source === null) return read();
    const key = `${part}\n${source}`;
    const known = this.parts.get(key) as T | undefined;
    if (known !== undefined) return known;
    const errors = d.errorCount;
    const warnings = d.warningCount;
    const made = read();
    if (made !== null && d.errorCount === errors && d.warningCount === warnings)
      this.parts.set(key, deepFreeze(made));
    return made;
  }
}

/** Freeze `value` and every object and array it holds. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
