/**
 * Named random streams, keyed by identity.
 *
 * Every random decision in a run draws from a stream whose *name* says what it decides. A stream is
 * derived from `(root seed, name)` and nothing else: not from creation order, not from how many
 * draws other streams made. Adding, removing or reordering one Job therefore never perturbs another
 * Job's draws, unlike SimPy's carwash example, where one global `random` shifts every later car.
 * This is fast-check's `jump()`-per-run discipline, with the jump replaced by a hash of the name.
 *
 * ## Naming convention
 *
 * Names are `/`-separated paths: `<concern>/<namespace>/<name>/...`. The first segment names the
 * decision, the rest name the entity, from the outside in. Names in use:
 *
 * | Name                                        | Decides                                           |
 * | ------------------------------------------- | ------------------------------------------------- |
 * | `pod/<ns>/<job>/<index>/<attempt>`          | one attempt's outcome (fails?, exit code, run time) |
 * | `pod-name/<ns>/<job>`                       | random suffixes of the Job's generated pod names  |
 * | `startup/<ns>/<pod>`                        | startup latency of one pod (names are seed-drawn) |
 * | `shutdown/<ns>/<pod>`                       | termination latency of one deleted pod            |
 * | `controller-sync/<controller>`              | each sync's duration, in the order syncs start    |
 * | `informer-delay/<controller>`               | each watch event's delivery delay, in write order |
 *
 * `<index>` is the completion index of an Indexed Job and `-` for a NonIndexed one; `<attempt>`
 * counts from 0 as in the scenario format (docs/scenario-format.md, "Attempts and scripts").
 * `<n>` counts from 0 in creation order *within the Job*, which is stable under changes to other Jobs.
 *
 * Rules that keep the guarantee:
 * - One name, one entity. Never key a stream by a global counter ("the 7th pod of the run").
 * - When one stream serves several decisions, draw them in a fixed, documented order and always
 *   make every draw (e.g. `bernoulli` in distributions.ts draws even when p is 0 or 1), so that a change of
 *   parameters cannot shift later decisions of the same stream.
 * - Calling {@link RandomStreams.get} twice with one name replays the same sequence from the start.
 *   Keep the stream if you need a continuation.
 *
 * @module
 */
import { type AleaGenerator, AleaSeeder } from "./alea.js";

/** A sequence of uniform draws. Each method consumes exactly one underlying double. */
export interface RandomStream {
  /** The stream's full name, for traces and error messages. */
  readonly name: string;
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /**
   * Consume one draw whose value is not needed (a constant's, a certain coin's): every later
   * draw is what it would be after `next()`. A stream that is only ever skipped is never seeded.
   */
  skip(): void;
  /**
   * A uniform integer in [0, maxExclusive).
   * @param maxExclusive - an integer in [1, 2^32]; bias of the floor mapping is below 2^-21.
   */
  int(maxExclusive: number): number;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/** Something that hands out named streams: the root {@link RandomStreams} or a derived prefix. */
export interface StreamFactory {
  /** A fresh stream for `name` (relative to this factory's prefix), replayed from its start. */
  get(name: string): RandomStream;
  /**
   * A factory whose names are prefixed with `prefix/`. Purely a convenience:
   * `derive("pod").get("ns/job/0/0")` is the same stream as `get("pod/ns/job/0/0")`.
   */
  derive(prefix: string): StreamFactory;
}

/** Upper bound for {@link RandomStream.int}: beyond it the floor mapping's bias becomes noticeable. */
const MAX_INT_RANGE = 2 ** 32;

/** Bumped only if the derivation changes; it changes every draw of every golden trace. */
const DERIVATION_VERSION = "jobsim-rand-v2";

/** MurmurHash3's final mix of a 32-bit hash state over `length` code units. */
function finalMix(state: number, length: number): number {
  let h = state ^ length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/**
 * Seed `seeder` with the 64-bit digest of a stream name, as 16 lowercase hex digits (two
 * 32-bit hashes, most significant digit first). Alea's Mash costs about 50 ns per character
 * and stream names run to 40-60 characters; a short digest makes a new stream about 3 times
 * cheaper (one is made per pod attempt). Two names collide with probability ~2^-64.
 */
function seedWithNameDigest(seeder: AleaSeeder, name: string): AleaGenerator {
  // Two 32-bit MurmurHash3-style hashes of the UTF-16 code units, with different seeds, in
  // one pass (the mixed character is the same for both). `| 0` keeps the states int32: every
  // later use reads them modulo 2^32 anyway, and a double sum would cost a conversion per step.
  let high = 0x9747b28c | 0;
  let low = 0x2f1a6d53 | 0;
  for (let i = 0; i < name.length; i++) {
    let k = Math.imul(name.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    high ^= k;
    high = (Math.imul((high << 13) | (high >>> 19), 5) + 0xe6546b64) | 0;
    low ^= k;
    low = (Math.imul((low << 13) | (low >>> 19), 5) + 0xe6546b64) | 0;
  }
  high = finalMix(high, name.length);
  low = finalMix(low, name.length);
  for (let i = 0; i < 8; i++) {
    seeder.setSuffixCode(i, HEX_CODES[(high >>> (28 - 4 * i)) & 15]!);
    seeder.setSuffixCode(8 + i, HEX_CODES[(low >>> (28 - 4 * i)) & 15]!);
  }
  return seeder.seed();
}

/**
 * Seeds its generator at the first draw whose value is needed: many streams are asked for and
 * only skipped (a constant duration, no failure model), and seeding (digest and Mash) is most
 * of a stream's cost.
 */
class AleaStream implements RandomStream {
  #prng: AleaGenerator | null = null;
  /** Draws skipped before the generator was seeded, replayed when it is. */
  #skipped = 0;

  constructor(
    readonly name: string,
    private readonly seeder: AleaSeeder,
  ) {}

  #generator(): AleaGenerator {
    if (this.#prng === null) {
      const prng = seedWithNameDigest(this.seeder, this.name);
      for (; this.#skipped > 0; this.#skipped--) prng.double();
      this.#prng = prng;
    }
    return this.#prng;
  }

  next(): number {
    // double() combines two 32-bit outputs into 53 bits; the bare call gives only 32.
    return this.#generator().double();
  }

  skip(): void {
    if (this.#prng === null) this.#skipped++;
    else this.#prng.double();
  }

  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > MAX_INT_RANGE) {
      throw new RangeError(
        `RandomStream.int: maxExclusive must be an integer in [1, 2^32], got ${maxExclusive} (stream ${this.name})`,
      );
    }
    return Math.floor(this.#generator().double() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new RangeError(`RandomStream.pick: items must not be empty (stream ${this.name})`);
    }
    return items[this.int(items.length)] as T;
  }
}

function checkName(api: string, name: string): void {
  if (name.length === 0) throw new RangeError(`${api}: a stream name must not be empty`);
}

class PrefixFactory implements StreamFactory {
  constructor(
    private readonly root: RandomStreams,
    private readonly prefix: string,
  ) {}

  get(name: string): RandomStream {
    checkName("StreamFactory.get", name);
    return this.root.get(`${this.prefix}/${name}`);
  }

  derive(prefix: string): StreamFactory {
    checkName("StreamFactory.derive", prefix);
    return new PrefixFactory(this.root, `${this.prefix}/${prefix}`);
  }
}

/**
 * The root of all randomness in a run: one seed, any number of named, independent streams.
 *
 * @remarks
 * Each stream is an Alea generator (seedrandom's `alea`, reproduced allocation-free in alea.ts) seeded with the string
 * `jobsim-rand-v2:<seed>:<digest of name>`. The seed is a decimal integer, so the first `:` after
 * it ends it; the 64-bit digest stands for the name (see `seedWithNameDigest`). Alea hashes that string with Baagoe's Mash,
 * which mixes every character into all three state words. The object holds no mutable state:
 * nothing is cached across streams, so no call order can influence a result (a stream seeds itself
 * at its first draw, from its name alone).
 *
 * @public
 */
export class RandomStreams implements StreamFactory {
  /** Seeds generators with `jobsim-rand-v2:<seed>:` and a name's 16-digit digest. */
  readonly #seeder: AleaSeeder;

  /**
   * @param seed - the run's root seed: a safe integer >= 0 (the scenario's `seed`).
   */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`RandomStreams: the root seed must be a safe integer >= 0, got ${seed}`);
    }
    this.#seeder = new AleaSeeder(`${DERIVATION_VERSION}:${seed}:`, 16);
  }

  /** A fresh stream for `name`, derived from (seed, name) only; see the module doc for names. */
  get(name: string): RandomStream {
    checkName("RandomStreams.get", name);
    return new AleaStream(name, this.#seeder);
  }

  /** A factory for names under `prefix/`; see {@link StreamFactory.derive}. */
  derive(prefix: string): StreamFactory {
    checkName("RandomStreams.derive", prefix);
    return new PrefixFactory(this, prefix);
  }
}
