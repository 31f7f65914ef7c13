/**
 * Maps and sets for long-lived indexes whose keys come and go all run long (the store's
 * objects by name, a work queue's keys, the recorder's live records), which renew their hash
 * table regularly so that it stays in the young generation.
 *
 * Why: V8 allocates a rehashed Map/Set table in the old generation once the current one is
 * there, and an obsolete table keeps every key and value it held, plus a link to its successor,
 * until the next full collection. A long-lived index is promoted early in a run; from then on
 * each rehash (every few insertions when keys churn) leaves a dead old table that holds objects
 * the simulation has long dropped, and every scavenge copies and promotes them (with all they
 * point to) as if they were live. In a year of a per-minute CronJob that was ~90% of everything
 * scavenges promoted. A table built from scratch is young, and a young obsolete table is just
 * garbage; renewing after `RENEW_AFTER + size` new keys keeps the copying cost at most one
 * entry per insertion.
 *
 * They keep a Map's insertion order, so iteration is as deterministic as a Map's.
 */

/** New keys between two renewals, on top of the live size (so renewal is amortised O(1)). */
const RENEW_AFTER = 64;

/** No key is this: what the remembered key of an empty cache is. */
const NO_KEY: unknown = Symbol("no key");

/**
 * A Map for churning keys (see the module comment). It also remembers the key read or written
 * last and its value (undefined: absent), which answers a repeated `get` without a hash lookup:
 * handlers and syncs often look up the same key twice in a row (a get, then a set).
 */
export class ChurnMap<K, V> implements Iterable<[K, V]> {
  #table: Map<K, V>;
  #added = 0;
  #hitKey: unknown = NO_KEY;
  #hitValue: V | undefined = undefined;

  constructor(entries?: Iterable<readonly [K, V]>) {
    this.#table = new Map(entries);
  }

  get size(): number {
    return this.#table.size;
  }

  get(key: K): V | undefined {
    // `===` agrees with the Map's SameValueZero except for NaN, which then just misses here.
    if (key === this.#hitKey) return this.#hitValue;
    const value = this.#table.get(key);
    this.#hitKey = key;
    this.#hitValue = value;
    return value;
  }

  has(key: K): boolean {
    // A remembered undefined may be a present key holding undefined: ask the table then.
    if (key === this.#hitKey && this.#hitValue !== undefined) return true;
    return this.#table.has(key);
  }

  set(key: K, value: V): this {
    const table = this.#table;
    const before = table.size;
    table.set(key, value);
    this.#hitKey = key;
    this.#hitValue = value;
    if (table.size !== before && ++this.#added >= RENEW_AFTER + table.size) {
      this.#table = new Map(table);
      this.#added = 0;
    }
    return this;
  }

  /** True when `key` was present. */
  delete(key: K): boolean {
    if (key === this.#hitKey) this.#hitValue = undefined;
    return this.#table.delete(key);
  }

  clear(): void {
    this.#table = new Map();
    this.#added = 0;
    this.#hitKey = NO_KEY;
    this.#hitValue = undefined;
  }

  keys(): MapIterator<K> {
    return this.#table.keys();
  }

  values(): MapIterator<V> {
    return this.#table.values();
  }

  entries(): MapIterator<[K, V]> {
    return this.#table.entries();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#table.entries();
  }
}

/** A Set for churning keys (see the module comment): the keys of a {@link ChurnMap}. */
export class ChurnSet<K> implements Iterable<K> {
  readonly #keys = new ChurnMap<K, true>();

  constructor(keys?: Iterable<K>) {
    if (keys) for (const key of keys) this.#keys.set(key, true);
  }

  get size(): number {
    return this.#keys.size;
  }

  has(key: K): boolean {
    return this.#keys.has(key);
  }

  add(key: K): this {
    this.#keys.set(key, true);
    return this;
  }

  /** True when `key` was present. */
  delete(key: K): boolean {
    return this.#keys.delete(key);
  }

  clear(): void {
    this.#keys.clear();
  }

  values(): MapIterator<K> {
    return this.#keys.keys();
  }

  [Symbol.iterator](): MapIterator<K> {
    return this.#keys.keys();
  }
}
