/**
 * A least-recently-used cache of at most `capacity` entries, as k8s.io/utils/lru (the golang
 * groupcache LRU) that client-go's event correlator uses: `get` of a present key and `add` both
 * make the key the most recently used, and an `add` past the capacity drops the least recently
 * used entry. Recency is a Map's insertion order (re-inserting moves a key to the end), so the
 * entry evicted is always the same for the same calls.
 */
import { ChurnMap } from "./churn-collections.js";

export class LruCache<K, V> {
  // Every hit re-inserts its key: a ChurnMap keeps that churn's hash tables young.
  readonly #entries = new ChurnMap<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key` (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Store `value` under `key` as the most recently used; evict the least recently used past capacity. */
  add(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size <= this.capacity) return;
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }

  /** Keys from least to most recently used (for tests). */
  keys(): K[] {
    return [...this.#entries.keys()];
  }
}
