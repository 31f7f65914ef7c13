/**
 * CronJob schedule instants kept on disk instead of in memory (`--summary-only`). A per-minute
 * CronJob over a century is 52 million instants: as numbers in memory that alone is over a
 * gigabyte. Instants are appended, CronJob by CronJob, as the run settles them; report.json and
 * cronjobs.csv read them back in order when they are written, a chunk at a time, so memory holds
 * one chunk per CronJob being written plus a bounded write buffer, whatever the horizon.
 *
 * The file is binary and private to the run: chunks of [times f64 × n][job creation f64 × n]
 * [outcome codes u8 × n], written wherever the file ends, each CronJob keeping the list of its
 * chunks. It is removed by {@link ScheduleSpill.close}.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import type { SimTime } from "../engine/time.js";
import type { InstantColumns } from "./instant-columns.js";

/** Most instants a CronJob buffers before writing them out as one chunk. */
const CHUNK_INSTANTS = 4096;
/** Most instants all CronJobs together buffer: past it every buffer is written out. */
const BUFFERED_INSTANTS = 1 << 18;
const INITIAL_CAPACITY = 16;
/**
 * A CronJob's instants up to its last created one are listed (and their decisions forgotten)
 * once it holds this many decisions, so memory does not grow with the horizon.
 */
const LIST_EARLY_AFTER_DECISIONS = 1024;

interface Chunk {
  offset: number;
  /** Index of the chunk's first instant in its CronJob's list. */
  start: number;
  count: number;
}

/** One file of spilled instants, shared by every CronJob of a run. */
export class ScheduleSpill {
  #fd: number | null;
  #end = 0;
  #buffered = 0;
  readonly #lists: SpilledInstants[] = [];

  /**
   * `listEarlyAfterDecisions`: how many controller decisions a CronJob may hold before its final
   * instants are listed into the spill (schedules.ts; tests set 1 to list at every creation).
   */
  constructor(
    readonly path: string,
    readonly listEarlyAfterDecisions = LIST_EARLY_AFTER_DECISIONS,
  ) {
    this.#fd = openSync(path, "w+");
  }

  /** A new, empty list of instants backed by this file. */
  newList(): SpilledInstants {
    const list = new SpilledInstants(this);
    this.#lists.push(list);
    return list;
  }

  /** Close and remove the file; lists read from it afterwards throw. Idempotent. */
  close(): void {
    if (this.#fd !== null) {
      closeSync(this.#fd);
      this.#fd = null;
    }
    rmSync(this.path, { force: true });
  }

  /** @internal A list buffered one more instant: past the shared budget, write every buffer out. */
  noteBuffered(): void {
    if (++this.#buffered < BUFFERED_INSTANTS) return;
    for (const list of this.#lists) list.flush();
    this.#buffered = 0;
  }

  /** @internal Append a chunk of `count` instants; returns its offset. */
  write(times: Float64Array, created: Float64Array, codes: Uint8Array, count: number): number {
    const fd = this.#open();
    const offset = this.#end;
    let at = offset;
    at += writeAll(fd, new Uint8Array(times.buffer, 0, count * 8), at);
    at += writeAll(fd, new Uint8Array(created.buffer, 0, count * 8), at);
    at += writeAll(fd, codes.subarray(0, count), at);
    this.#end = at;
    return offset;
  }

  /** @internal Read a chunk back into arrays of at least `chunk.count` items. */
  read(chunk: Chunk, times: Float64Array, created: Float64Array, codes: Uint8Array): void {
    const fd = this.#open();
    const n = chunk.count;
    readAll(fd, new Uint8Array(times.buffer, 0, n * 8), chunk.offset);
    readAll(fd, new Uint8Array(created.buffer, 0, n * 8), chunk.offset + n * 8);
    readAll(fd, codes.subarray(0, n), chunk.offset + n * 16);
  }

  #open(): number {
    if (this.#fd === null) throw new Error(`schedule spill ${this.path} used after close`);
    return this.#fd;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): number {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  return bytes.length;
}

function readAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error("schedule spill: unexpected end of file");
    done += n;
  }
}

/**
 * The instants of one CronJob: the written chunks, then a buffer of the latest. Appending is
 * {@link SpilledInstants.add}; reading is by index ({@link InstantColumns}), fast in order.
 */
export class SpilledInstants implements InstantColumns {
  readonly #spill: ScheduleSpill;
  readonly #chunks: Chunk[] = [];
  #flushed = 0;
  // The buffer of instants not yet written.
  #times = new Float64Array(INITIAL_CAPACITY);
  #created = new Float64Array(INITIAL_CAPACITY);
  #codes = new Uint8Array(INITIAL_CAPACITY);
  #buffered = 0;
  // The chunk last read back (its index in #chunks; -1: none yet).
  #readIndex = -1;
  #readTimes = new Float64Array(0);
  #readCreated = new Float64Array(0);
  #readCodes = new Uint8Array(0);

  constructor(spill: ScheduleSpill) {
    this.#spill = spill;
  }

  get length(): number {
    return this.#flushed + this.#buffered;
  }

  /** Append an instant: its time, outcome code and its Job's creation (NaN: none). */
  add(time: SimTime, code: number, jobCreatedAt: number): void {
    if (this.#buffered === this.#times.length) this.#grow();
    const i = this.#buffered++;
    this.#times[i] = time;
    this.#created[i] = jobCreatedAt;
    this.#codes[i] = code;
    if (this.#buffered === CHUNK_INSTANTS) this.flush();
    else this.#spill.noteBuffered();
  }

  /** Write the buffered instants out as one chunk. */
  flush(): void {
    const count = this.#buffered;
    if (count === 0) return;
    const offset = this.#spill.write(this.#times, this.#created, this.#codes, count);
    this.#chunks.push({ offset, start: this.#flushed, count });
    this.#flushed += count;
    this.#buffered = 0;
  }

  timeAt(i: number): number {
    if (i >= this.#flushed) return this.#times[i - this.#flushed]!;
    const at = this.#readAt(i); // first: it may replace the arrays
    return this.#readTimes[at]!;
  }

  jobCreatedAtAt(i: number): number {
    if (i >= this.#flushed) return this.#created[i - this.#flushed]!;
    const at = this.#readAt(i); // first: it may replace the arrays
    return this.#readCreated[at]!;
  }

  codeAt(i: number): number {
    if (i >= this.#flushed) return this.#codes[i - this.#flushed]!;
    const at = this.#readAt(i); // first: it may replace the arrays
    return this.#readCodes[at]!;
  }

  /** Position of written instant `i` in the read-back arrays, reading its chunk if needed. */
  #readAt(i: number): number {
    let chunk = this.#chunks[this.#readIndex];
    if (this.#readIndex < 0 || chunk === undefined || i < chunk.start || i >= chunk.start + chunk.count) {
      this.#readIndex = this.#chunkIndexOf(i);
      chunk = this.#chunks[this.#readIndex]!;
      if (this.#readTimes.length < chunk.count) {
        this.#readTimes = new Float64Array(CHUNK_INSTANTS);
        this.#readCreated = new Float64Array(CHUNK_INSTANTS);
        this.#readCodes = new Uint8Array(CHUNK_INSTANTS);
      }
      this.#spill.read(chunk, this.#readTimes, this.#readCreated, this.#readCodes);
    }
    return i - chunk.start;
  }

  /** The chunk holding instant `i`: the next one when reading in order, else a binary search. */
  #chunkIndexOf(i: number): number {
    const chunks = this.#chunks;
    const following = chunks[this.#readIndex + 1];
    if (
      this.#readIndex >= 0 &&
      following !== undefined &&
      i >= following.start &&
      i < following.start + following.count
    ) {
      return this.#readIndex + 1;
    }
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (chunks[mid]!.start <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #grow(): void {
    const capacity = Math.min(this.#times.length * 2, CHUNK_INSTANTS);
    const times = new Float64Array(capacity);
    const created = new Float64Array(capacity);
    const codes = new Uint8Array(capacity);
    times.set(this.#times);
    created.set(this.#created);
    codes.set(this.#codes);
    this.#times = times;
    this.#created = created;
    this.#codes = codes;
  }
}
