import { PRIORITY_LEVELS } from "./priorities.js";

/**
 * A binary min-heap of events ordered by (at, priority, seq), kept in parallel typed arrays so
 * that pushes and pops allocate nothing. `at * PRIORITY_LEVELS + priority` is one exact float64
 * key (SimTime < 2^50, so the product stays below 2^53); `seq` comes from the queue's single
 * counter and breaks ties FIFO, as SimPy's `eid` and nexosim's `epoch` do. Payloads are never
 * compared.
 */
export class EventQueue {
  private keys: Float64Array;
  private seqs: Float64Array;
  private slots: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Push an entry; returns its sequence number. */
  push(at: number, priority: number, slot: number): number {
    if (this.count === this.keys.length) this.grow();
    const seq = this.nextSeq++;
    const key = at * PRIORITY_LEVELS + priority;
    // Sift up with a hole instead of swaps.
    let i = this.count++;
    const keys = this.keys;
    const seqs = this.seqs;
    const slots = this.slots;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk < key || (pk === key && seqs[parent]! < seq)) break;
      keys[i] = pk;
      seqs[i] = seqs[parent]!;
      slots[i] = slots[parent]!;
      i = parent;
    }
    keys[i] = key;
    seqs[i] = seq;
    slots[i] = slot;
    return seq;
  }

  /** Time of the head entry, or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : Math.floor(this.keys[0]! / PRIORITY_LEVELS);
  }

  /** Sequence number of the head entry (valid only when not empty). */
  peekSeq(): number {
    return this.seqs[0]!;
  }

  /** Slot of the head entry (valid only when not empty). */
  peekSlot(): number {
    return this.slots[0]!;
  }

  /** Remove the head entry. */
  pop(): void {
    const n = --this.count;
    if (n === 0) return;
    const keys = this.keys;
    const seqs = this.seqs;
    const slots = this.slots;
    const key = keys[n]!;
    const seq = seqs[n]!;
    const slot = slots[n]!;
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      let ck = keys[child]!;
      let cs = seqs[child]!;
      const right = child + 1;
      if (right < n) {
        const rk = keys[right]!;
        if (rk < ck || (rk === ck && seqs[right]! < cs)) {
          child = right;
          ck = rk;
          cs = seqs[right]!;
        }
      }
      if (key < ck || (key === ck && seq < cs)) break;
      keys[i] = ck;
      seqs[i] = cs;
      slots[i] = slots[child]!;
      i = child;
    }
    keys[i] = key;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const slots = new Int32Array(capacity);
    keys.set(this.keys);
    seqs.set(this.seqs);
    slots.set(this.slots);
    this.keys = keys;
    this.seqs = seqs;
    this.slots = slots;
  }
}
