/**
 * client-go's client-side rate limiter (k8s.io/client-go/util/flowcontrol
 * `NewTokenBucketRateLimiter`), which wraps golang.org/x/time/rate's `Limiter`. Only the
 * reservation path the REST client uses is ported (`Wait` -> `reserveN(now, 1)`): the bucket
 * starts full with `burst` tokens and refills continuously at `qps` per second up to `burst`; a
 * call takes one token, and when none is left it reserves the next one anyway and waits until
 * it is due. The token count may go negative: every reservation pushes the next caller's time
 * back by 1/qps, so callers are served in call order, each after the one before it.
 *
 * Times are milliseconds as fractions (1/3 s is not a whole number of milliseconds); the
 * caller rounds a due time up to the simulation clock's millisecond.
 */
export class TokenBucket {
  /** Tokens at `last`; negative when reservations are outstanding. */
  private tokens: number;
  /** Time of the last reservation (x/time/rate `last`). */
  private last: number;

  /**
   * @param qps tokens per second, > 0 (client-go takes a float32: fractions allowed)
   * @param burst the bucket's size, >= 1
   * @param start the time the bucket is built, full
   */
  constructor(
    readonly qps: number,
    readonly burst: number,
    start: number,
  ) {
    if (!(qps > 0) || !Number.isFinite(qps)) throw new RangeError(`qps must be > 0, got ${qps}`);
    if (!Number.isInteger(burst) || burst < 1)
      throw new RangeError(`burst must be an integer >= 1, got ${burst}`);
    this.tokens = burst;
    this.last = start;
  }

  /**
   * x/time/rate `reserveN(now, 1)`: take a token for a call made at `now` and return the time
   * the call may go ahead (`now` itself when a token was there).
   */
  reserve(now: number): number {
    const tokens = advance(this.tokens, this.last, now, this.qps, this.burst) - 1;
    this.last = now;
    this.tokens = tokens;
    return tokens < 0 ? now + (-tokens * 1000) / this.qps : now;
  }
}

/**
 * client-go's passive limiter (`NewTokenBucketPassiveRateLimiter`, x/time/rate `AllowN(now, 1)`):
 * take a token if one is there, else refuse and leave the bucket as it was. The event spam
 * filter uses it.
 */
export class PassiveTokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    start: number,
  ) {
    this.tokens = burst;
    this.last = start;
  }

  tryAccept(now: number): boolean {
    const tokens = advance(this.tokens, this.last, now, this.qps, this.burst) - 1;
    if (tokens < 0) return false;
    this.last = now;
    this.tokens = tokens;
    return true;
  }
}

/**
 * x/time/rate `advance`: the tokens at `now` after refilling since `last`, at most `burst`. A
 * call dated before `last` refills nothing (the ApiClient never makes one).
 */
function advance(tokens: number, last: number, now: number, qps: number, burst: number): number {
  const elapsed = now - Math.min(now, last);
  return Math.min(tokens + (elapsed * qps) / 1000, burst);
}
