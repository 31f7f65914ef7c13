/**
 * A least-recently-used cache of at most `capacity` entries, as k8s.io/utils/lru (the golang
 * groupcache LRU) that client-go's event correlator uses: `get` of a present key and `add` both
 * make the key the most recently used, and an `add` past the capacity drops the least recently
 * used entry. The entry evicted is always the same for the same calls.
 *
 * Like groupcache's, recency is a doubly linked list; here its nodes are slots of parallel
 * arrays, at most `capacity` of them, reused when an entry is evicted. A hit moves a slot to
 * the tail of the list and touches the key index once; the index changes only when a key comes
 * or goes (the correlator looks up and re-adds two keys per event: re-inserting into a Map
 * instead cost three times the Map operations).
 */
import { ChurnMap } from "./churn-collections.js";

/** No slot: the end of the recency list. */
const NONE = -1;

export class LruCache<K, V> {
  // Keys come and go all run long: a ChurnMap keeps that churn's hash tables young.
  readonly #slots = new ChurnMap<K, number>();
  readonly #keys: K[] = [];
  readonly #values: V[] = [];
  /** Toward the least recently used slot. */
  readonly #older: number[] = [];
  /** Toward the most recently used slot. */
  readonly #newer: number[] = [];
  #oldest = NONE;
  #newest = NONE;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity ${capacity}`);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The value under `key` (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#makeNewest(slot);
    return this.#values[slot];
  }

  /**
   * The slot holding `key`, or -1. `hint`, a slot `key` was in before (from `find` or `add`),
   * spares the index lookup while the key is still there: a slot changes key only by eviction.
   */
  find(key: K, hint = -1): number {
    if (hint >= 0 && this.#keys[hint] === key) return hint;
    return this.#slots.get(key) ?? -1;
  }

  /** {@link get} of the key in `slot` (from {@link find}, with no change since). */
  getAt(slot: number): V {
    this.#makeNewest(slot);
    return this.#values[slot]!;
  }

  /** {@link add} of a new value for the key in `slot` (from {@link find}, with no change since). */
  setAt(slot: number, value: V): void {
    this.#values[slot] = value;
    this.#makeNewest(slot);
  }

  /**
   * Store `value` under `key` as the most recently used; evict the least recently used past
   * capacity. Returns the key's slot.
   */
  add(key: K, value: V): number {
    let slot = this.#slots.get(key);
    if (slot !== undefined) {
      this.setAt(slot, value);
      return slot;
    }
    if (this.#slots.size < this.capacity) {
      slot = this.#keys.length;
      this.#keys.push(key);
      this.#values.push(value);
      this.#older.push(NONE);
      this.#newer.push(NONE);
    } else {
      // Full: the least recently used entry gives its slot to the new key.
      slot = this.#oldest;
      this.#slots.delete(this.#keys[slot]!);
      this.#unlink(slot);
      this.#keys[slot] = key;
      this.#values[slot] = value;
    }
    this.#slots.set(key, slot);
    this.#append(slot);
    return slot;
  }

  /** Keys from least to most recently used (for tests). */
  keys(): K[] {
    const out: K[] = [];
    for (let slot = this.#oldest; slot !== NONE; slot = this.#newer[slot]!) out.push(this.#keys[slot]!);
    return out;
  }

  #makeNewest(slot: number): void {
    if (slot === this.#newest) return;
    this.#unlink(slot);
    this.#append(slot);
  }

  #unlink(slot: number): void {
    const older = this.#older[slot]!;
    const newer = this.#newer[slot]!;
    if (older === NONE) this.#oldest = newer;
    else this.#newer[older] = newer;
    if (newer === NONE) this.#newest = older;
    else this.#older[newer] = older;
  }

  #append(slot: number): void {
    this.#older[slot] = this.#newest;
    this.#newer[slot] = NONE;
    if (this.#newest === NONE) this.#oldest = slot;
    else this.#newer[this.#newest] = slot;
    this.#newest = slot;
  }
}
