/**
 * The yardstick for the engine: a bare binary heap keyed (time, seq) in typed arrays, with no
 * handlers, priorities or cancellation. The engine's overhead is measured against this.
 */
export class BareHeap {
  private times = new Float64Array(1 << 10);
  private seqs = new Float64Array(1 << 10);
  private n = 0;
  private seq = 0;

  get size(): number {
    return this.n;
  }

  push(t: number): void {
    if (this.n === this.times.length) {
      const t2 = new Float64Array(this.n * 2);
      t2.set(this.times);
      this.times = t2;
      const s2 = new Float64Array(this.n * 2);
      s2.set(this.seqs);
      this.seqs = s2;
    }
    const s = this.seq++;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.times[p]! < t || (this.times[p] === t && this.seqs[p]! < s)) break;
      this.times[i] = this.times[p]!;
      this.seqs[i] = this.seqs[p]!;
      i = p;
    }
    this.times[i] = t;
    this.seqs[i] = s;
  }

  pop(): number {
    const top = this.times[0]!;
    const n = --this.n;
    const t = this.times[n]!;
    const s = this.seqs[n]!;
    let i = 0;
    while (2 * i + 1 < n) {
      let c = 2 * i + 1;
      if (
        c + 1 < n &&
        (this.times[c + 1]! < this.times[c]! ||
          (this.times[c + 1] === this.times[c] && this.seqs[c + 1]! < this.seqs[c]!))
      )
        c++;
      if (t < this.times[c]! || (t === this.times[c] && s < this.seqs[c]!)) break;
      this.times[i] = this.times[c]!;
      this.seqs[i] = this.seqs[c]!;
      i = c;
    }
    this.times[i] = t;
    this.seqs[i] = s;
    return top;
  }
}
