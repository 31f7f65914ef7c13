/**
 * A least-recently-used cache of at most `capacity` entries, as k8s.io/utils/lru (the golang
 * groupcache LRU) that client-go's event correlator uses: `get` of a present key and `add` both
 * make the key the most recently used, and an `add` past the capacity drops the least recently
 * used entry. The entry evicted is always the same for the same calls.
 *
 * Like groupcache's, recency is a doubly linked list; here its nodes are slots of parallel
 * arrays, at most `capacity` of them, reused when an entry is evicted. A hit moves a slot to
 * the tail of the list; the key index changes only when a key comes or goes.
 *
 * Keys are found through an index on a part of them ({@link KeyIdentity}): the correlator's
 * keys are an object's source, kind, namespace and name (and an event's type and reason), and
 * indexing them by the name, a string the store already hashed, spares building and hashing a
 * joined string for every new object. Keys sharing that part are chained slot to slot.
 */
import { ChurnMap } from "./churn-collections.js";

/** No slot: the end of the recency list or of a chain. */
const NONE = -1;

/** How keys are told apart: the part the index hashes, and equality of whole keys. */
export interface KeyIdentity<K, H> {
  /** Equal keys give the same value (by SameValueZero); different keys may too. */
  indexKey(key: K): H;
  equals(a: K, b: K): boolean;
}

/** Keys compared as Map keys are: the whole key is indexed. */
const SAME_VALUE: KeyIdentity<unknown, unknown> = {
  indexKey: (key) => key,
  equals: (a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b)),
};

export class LruCache<K, V, H = K> {
  // Keys come and go all run long: a ChurnMap keeps that churn's hash tables young.
  /** The first slot of each chain of keys with the same index key. */
  readonly #heads = new ChurnMap<H, number>();
  readonly #identity: KeyIdentity<K, H>;
  readonly #keys: K[] = [];
  readonly #values: V[] = [];
  /** The next slot whose key has the same index key. */
  readonly #chain: number[] = [];
  /** Toward the least recently used slot. */
  readonly #older: number[] = [];
  /** Toward the most recently used slot. */
  readonly #newer: number[] = [];
  #oldest = NONE;
  #newest = NONE;
  #size = 0;

  constructor(
    readonly capacity: number,
    identity?: KeyIdentity<K, H>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity ${capacity}`);
    this.#identity = identity ?? (SAME_VALUE as KeyIdentity<K, H>);
  }

  get size(): number {
    return this.#size;
  }

  /** The value under `key` (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const slot = this.find(key);
    return slot === NONE ? undefined : this.getAt(slot);
  }

  /**
   * The slot holding `key`, or -1. `hint`, a slot `key` was in before (from `find` or `add`),
   * spares the index lookup while the key is still there: a slot changes key only by eviction.
   */
  find(key: K, hint = NONE): number {
    const { equals } = this.#identity;
    if (hint !== NONE && equals(this.#keys[hint]!, key)) return hint;
    let slot = this.#heads.get(this.#identity.indexKey(key)) ?? NONE;
    while (slot !== NONE && !equals(this.#keys[slot]!, key)) slot = this.#chain[slot]!;
    return slot;
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
    const slot = this.find(key);
    if (slot === NONE) return this.addAbsent(key, value);
    this.setAt(slot, value);
    return slot;
  }

  /**
   * {@link add} of a key that {@link find} just gave -1 for (with no change since): spares
   * searching the index again for it.
   */
  addAbsent(key: K, value: V): number {
    let slot: number;
    if (this.#size < this.capacity) {
      slot = this.#keys.length;
      this.#keys.push(key);
      this.#values.push(value);
      this.#chain.push(NONE);
      this.#older.push(NONE);
      this.#newer.push(NONE);
      this.#size++;
    } else {
      // Full: the least recently used entry gives its slot to the new key.
      slot = this.#oldest;
      this.#unindex(slot);
      this.#unlink(slot);
      this.#keys[slot] = key;
      this.#values[slot] = value;
    }
    this.#index(slot);
    this.#append(slot);
    return slot;
  }

  /** Keys from least to most recently used (for tests). */
  keys(): K[] {
    const out: K[] = [];
    for (let slot = this.#oldest; slot !== NONE; slot = this.#newer[slot]!) out.push(this.#keys[slot]!);
    return out;
  }

  /** Put the key of `slot` into the index: second in its chain, so a present chain's head stays. */
  #index(slot: number): void {
    const indexKey = this.#identity.indexKey(this.#keys[slot]!);
    const head = this.#heads.get(indexKey);
    if (head === undefined) {
      this.#chain[slot] = NONE;
      this.#heads.set(indexKey, slot);
    } else {
      this.#chain[slot] = this.#chain[head]!;
      this.#chain[head] = slot;
    }
  }

  /** Take the key of `slot` out of the index. */
  #unindex(slot: number): void {
    const indexKey = this.#identity.indexKey(this.#keys[slot]!);
    const head = this.#heads.get(indexKey)!;
    const rest = this.#chain[slot]!;
    if (head === slot) {
      if (rest === NONE) this.#heads.delete(indexKey);
      else this.#heads.set(indexKey, rest);
      return;
    }
    let before = head;
    while (this.#chain[before] !== slot) before = this.#chain[before]!;
    this.#chain[before] = rest;
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
