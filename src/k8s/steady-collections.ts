/**
 * Sets and maps of non-empty string keys that are filled and emptied all the time (a work
 * queue's ready keys, a kubelet's pods). V8 gives a Set or Map a new hash table each time its
 * last entry is deleted, so a collection that cycles through empty allocates on every cycle;
 * these keep one hidden entry under the empty key, which no caller may use, so they never
 * become empty.
 */

/** The hidden key: Kubernetes keys ("ns/name", UIDs) are never empty. */
const HIDDEN = "";

function checkKey(key: string): void {
  if (key === HIDDEN) throw new RangeError("steady collections do not take the empty string as a key");
}

export class SteadySet {
  private readonly keys = new Set<string>([HIDDEN]);

  get size(): number {
    return this.keys.size - 1;
  }

  has(key: string): boolean {
    return key !== HIDDEN && this.keys.has(key);
  }

  add(key: string): void {
    checkKey(key);
    this.keys.add(key);
  }

  /** True when `key` was present. */
  delete(key: string): boolean {
    return key !== HIDDEN && this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
    this.keys.add(HIDDEN);
  }
}

export class SteadyMap<V> {
  private readonly table = new Map<string, V | undefined>([[HIDDEN, undefined]]);

  get size(): number {
    return this.table.size - 1;
  }

  get(key: string): V | undefined {
    return key === HIDDEN ? undefined : this.table.get(key);
  }

  has(key: string): boolean {
    return key !== HIDDEN && this.table.has(key);
  }

  set(key: string, value: V): void {
    checkKey(key);
    this.table.set(key, value);
  }

  /** True when `key` was present. */
  delete(key: string): boolean {
    return key !== HIDDEN && this.table.delete(key);
  }

  clear(): void {
    this.table.clear();
    this.table.set(HIDDEN, undefined);
  }

  /** Entries in insertion order. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, value] of this.table) if (key !== HIDDEN) yield [key, value as V];
  }

  /** Values in insertion order. */
  *values(): IterableIterator<V> {
    for (const [key, value] of this.table) if (key !== HIDDEN) yield value as V;
  }
}
