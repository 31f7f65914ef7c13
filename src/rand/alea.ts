/**
 * Johannes Baagøe's Alea generator, stepped exactly as seedrandom's `alea` steps it, but as a
 * class with four number fields: no closures, so a new stream costs one small object. jobsim
 * makes one stream per pod attempt, and seedrandom's closure-based objects were a third of the
 * time of a 100,000-pod run. A test checks that every draw equals seedrandom's for the same
 * seed text, so seedrandom remains the reference implementation.
 */

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const TWO_POW_32 = 0x100000000;
const MASH_START = 0xefc8249d;

/** Baagøe's Mash hash over the char codes `codes[from, to)`: folds them into the running state `n`. */
function mashCodes(codes: ArrayLike<number>, from: number, to: number, state: { n: number }): number {
  // The reference writes `n = h >>> 0`; h stays in [0, 2^32) (n < 2^33 between characters),
  // where that equals Math.floor(h), which V8 compiles to one rounding instruction instead of a
  // double-to-uint32 truncation. Same operations otherwise, so the same bits.
  let n = state.n;
  for (let i = from; i < to; i++) {
    n += codes[i]!;
    let h = 0.02519603282416938 * n;
    let whole = Math.floor(h);
    h = (h - whole) * whole;
    whole = Math.floor(h);
    n = whole + (h - whole) * TWO_POW_32;
  }
  state.n = n;
  return (n >>> 0) * TWO_POW_MINUS_32;
}

function charCodes(text: string): number[] {
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
  return codes;
}

/** Mash over a string: the same as over its UTF-16 code units. */
function mash(text: string, state: { n: number }): number {
  return mashCodes(charCodes(text), 0, text.length, state);
}

/** The state after Alea's three fixed `mash(" ")` calls, the same for every seed. */
const BLANK = (() => {
  const state = { n: MASH_START };
  const s0 = mash(" ", state);
  const s1 = mash(" ", state);
  const s2 = mash(" ", state);
  return { s0, s1, s2, n: state.n };
})();

/** One Alea sequence. */
export class AleaGenerator {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  constructor(s0: number, s1: number, s2: number) {
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
  }

  /** Seeded from text, as `seedrandom.alea(seedText)` does. */
  static fromText(seedText: string): AleaGenerator {
    return seedFromCodes(charCodes(seedText), seedText.length, { n: BLANK.n }, 0);
  }

  /** A double in [0, 1) with 32 random bits (seedrandom's `prng()`). */
  next32(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }

  /** A double in [0, 1) with 53 random bits (seedrandom's `prng.double()`). */
  double(): number {
    const high = this.next32();
    return high + ((this.next32() * 0x200000) | 0) * TWO_POW_MINUS_53;
  }
}

/**
 * Alea's seeding over `codes[0, length)`: three Mash passes, the first resumed from `first`
 * after `firstFrom` codes (a prefix already folded in), the next two over every code.
 */
function seedFromCodes(
  codes: ArrayLike<number>,
  length: number,
  first: { n: number },
  firstFrom: number,
): AleaGenerator {
  const state = first;
  let s0 = BLANK.s0 - mashCodes(codes, firstFrom, length, state);
  if (s0 < 0) s0 += 1;
  let s1 = BLANK.s1 - mashCodes(codes, 0, length, state);
  if (s1 < 0) s1 += 1;
  let s2 = BLANK.s2 - mashCodes(codes, 0, length, state);
  if (s2 < 0) s2 += 1;
  return new AleaGenerator(s0, s1, s2);
}

/**
 * Makes generators seeded with `prefix` followed by a fixed number of characters, as
 * {@link AleaGenerator.fromText} would, without building the text: the caller writes the
 * suffix's char codes into {@link suffix}, and the prefix's share of the first Mash pass is
 * done once, here. jobsim seeds one generator per pod attempt with texts that differ only in
 * their last 16 characters.
 */
export class AleaSeeder {
  private readonly codes: Uint16Array;
  private readonly prefixLength: number;
  private readonly afterPrefix: number;

  constructor(prefix: string, suffixLength: number) {
    this.prefixLength = prefix.length;
    this.codes = new Uint16Array(prefix.length + suffixLength);
    for (let i = 0; i < prefix.length; i++) this.codes[i] = prefix.charCodeAt(i);
    const state = { n: BLANK.n };
    mashCodes(this.codes, 0, prefix.length, state);
    this.afterPrefix = state.n;
  }

  /** Set character `i` of the suffix (a UTF-16 code unit). */
  setSuffixCode(i: number, code: number): void {
    this.codes[this.prefixLength + i] = code;
  }

  /** The generator for the prefix and the suffix set so far. */
  seed(): AleaGenerator {
    return seedFromCodes(this.codes, this.codes.length, { n: this.afterPrefix }, this.prefixLength);
  }
}
