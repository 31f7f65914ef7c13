/**
 * A growing sample of numbers for the summary's quantiles, held in fixed-size Float64Array
 * chunks: 8 bytes a value, with no growth slack and nothing for the garbage collector to trace,
 * where a number array of 100,000 Job durations costs up to half as much again while it grows.
 */
const CHUNK = 4096;

export class Sample {
  private readonly full: Float64Array[] = [];
  private current = new Float64Array(CHUNK);
  private used = 0;

  get length(): number {
    return this.full.length * CHUNK + this.used;
  }

  push(value: number): void {
    if (this.used === CHUNK) {
      this.full.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /** Every value, in ascending order (a new array). */
  sorted(): Float64Array {
    const all = new Float64Array(this.length);
    this.full.forEach((chunk, i) => {
      all.set(chunk, i * CHUNK);
    });
    all.set(this.current.subarray(0, this.used), this.full.length * CHUNK);
    return all.sort();
  }
}
