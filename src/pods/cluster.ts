/**
 * Cluster capacity as a number of pod slots. A pod holds a slot from binding until it stops;
 * pods that find no free slot wait Pending in FIFO order (by creation, then arrival order).
 */
export class Cluster {
  private used = 0;
  private readonly waiting: string[] = [];
  private head = 0;
  private readonly waitingSet = new Set<string>();
  private peak = 0;

  /** `capacity` null means unlimited. */
  constructor(readonly capacity: number | null) {}

  /** Slots in use now. */
  get inUse(): number {
    return this.used;
  }

  /** Highest number of slots ever in use. */
  get peakInUse(): number {
    return this.peak;
  }

  /** Pods waiting for a slot. */
  get queued(): number {
    return this.waitingSet.size;
  }

  /** Take a slot for `key` now if one is free; otherwise queue it and return false. */
  request(key: string): boolean {
    if (this.capacity === null || this.used < this.capacity) {
      this.take();
      return true;
    }
    this.waiting.push(key);
    this.waitingSet.add(key);
    return false;
  }

  /** Forget a queued pod (deleted before it got a slot). */
  withdraw(key: string): void {
    this.waitingSet.delete(key);
  }

  /** Free a slot; returns the queued pod that gets it, if any. */
  release(): string | null {
    this.used--;
    while (this.head < this.waiting.length) {
      const key = this.waiting[this.head++]!;
      if (!this.waitingSet.delete(key)) continue;
      this.compact();
      this.take();
      return key;
    }
    this.compact();
    return null;
  }

  private take(): void {
    this.used++;
    if (this.used > this.peak) this.peak = this.used;
  }

  /** Drop the consumed prefix of the FIFO now and then, keeping `release` O(1) amortised. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
