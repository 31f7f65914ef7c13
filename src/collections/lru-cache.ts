/**
 * A least-recently-used cache of at most `capacity` entries, as k8s.io/utils/lru (the golang
 * groupcache LRU) that client-go's event correlator uses: `get` of a present key and `add` both
 * make the key the most recently used, and an `add` past the capacity drops the least recently
 * used entry. As there, recency is a doubly linked list of entries and the map points into it,
 * so a hit is one hash lookup and two relinks (not a delete and a re-insert, which cost three
 * lookups and left a deleted entry in the hash table that filled it and made it rehash). The
 * entry evicted is always the same for the same calls.
 *
 * A plain Map, not a ChurnMap: keys change only on a miss, and a table of thousands of keys is
 * too large for the young generation anyway, so renewing it would only copy it.
 */

/** One entry, linked from the least (`older`) to the most (`newer`) recently used. */
interface Entry<K, V> {
  readonly key: K;
  value: V;
  older: Entry<K, V> | null;
  newer: Entry<K, V> | null;
}

export class LruCache<K, V> {
  readonly #entries = new Map<K, Entry<K, V>>();
  #oldest: Entry<K, V> | null = null;
  #newest: Entry<K, V> | null = null;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key` (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#touch(entry);
    return entry.value;
  }

  /** Store `value` under `key` as the most recently used; evict the least recently used past capacity. */
  add(key: K, value: V): void {
    const entries = this.#entries;
    const present = entries.get(key);
    if (present !== undefined) {
      present.value = value;
      this.#touch(present);
      return;
    }
    const entry: Entry<K, V> = { key, value, older: this.#newest, newer: null };
    if (this.#newest === null) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
    entries.set(key, entry);
    if (entries.size <= this.capacity) return;
    const oldest = this.#oldest!;
    this.#unlink(oldest);
    entries.delete(oldest.key);
  }

  /** Keys from least to most recently used (for tests). */
  keys(): K[] {
    const out: K[] = [];
    for (let e = this.#oldest; e !== null; e = e.newer) out.push(e.key);
    return out;
  }

  /** Make `entry` the most recently used. */
  #touch(entry: Entry<K, V>): void {
    if (entry === this.#newest) return;
    this.#unlink(entry);
    entry.older = this.#newest;
    entry.newer = null;
    // Not the newest, so the list had at least one other entry and has a newest now.
    this.#newest!.newer = entry;
    this.#newest = entry;
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.older === null) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === null) this.#newest = entry.older;
    else entry.newer.older = entry.older;
  }
}
