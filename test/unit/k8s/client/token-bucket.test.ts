/**
 * The token bucket against client-go's semantics (flowcontrol NewTokenBucketRateLimiter over
 * x/time/rate): starts full, refills continuously at qps up to burst, a caller with no token
 * waits until its reserved one is due, concurrent callers are served in call order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PassiveTokenBucket, TokenBucket } from "../../../../src/k8s/client/token-bucket.js";

describe("TokenBucket", () => {
  it("lets a burst through at once, then one call per 1/qps", () => {
    const b = new TokenBucket(2, 3, 0);
    const times = Array.from({ length: 6 }, () => b.reserve(0));
    expect(times).toEqual([0, 0, 0, 500, 1000, 1500]);
  });

  it("refills continuously, never above burst", () => {
    const b = new TokenBucket(10, 5, 0);
    for (let i = 0; i < 5; i++) b.reserve(0);
    // 250 ms refill 2.5 tokens: two calls pass, the third waits for the half token missing.
    expect(b.reserve(250)).toBe(250);
    expect(b.reserve(250)).toBe(250);
    expect(b.reserve(250)).toBe(300);
    // A long idle time fills the bucket to burst (5), not more.
    const later = 100_000;
    const got = Array.from({ length: 7 }, () => b.reserve(later));
    expect(got).toEqual([later, later, later, later, later, later + 100, later + 200]);
  });

  it("serves waiting callers in call order, each reservation pushing the next", () => {
    const b = new TokenBucket(1, 1, 0);
    expect(b.reserve(0)).toBe(0);
    // Three callers at 100 ms: the first waits for the token due at 1 s, the next at 2 s, ...
    expect([b.reserve(100), b.reserve(100), b.reserve(100)]).toEqual([1000, 2000, 3000]);
    // A caller arriving after the queue drained waits only for the refill.
    expect(b.reserve(3500)).toBe(4000);
  });

  it("takes fractional qps (client-go's float32)", () => {
    const b = new TokenBucket(0.5, 1, 0);
    expect([b.reserve(0), b.reserve(0), b.reserve(0)]).toEqual([0, 2000, 4000]);
    const third = new TokenBucket(3, 1, 0);
    third.reserve(0);
    expect(third.reserve(0)).toBeCloseTo(1000 / 3, 9);
  });

  it("refuses qps <= 0 and burst < 1", () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(-1, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });

  it("property: n calls at one instant end at (n - burst) / qps, and due times never decrease", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 200 }),
        (qps, burst, n) => {
          const b = new TokenBucket(qps, burst, 0);
          let prev = 0;
          let last = 0;
          for (let i = 0; i < n; i++) {
            last = b.reserve(0);
            expect(last).toBeGreaterThanOrEqual(prev);
            prev = last;
          }
          expect(last).toBeCloseTo((Math.max(0, n - burst) * 1000) / qps, 6);
        },
      ),
    );
  });
});

describe("PassiveTokenBucket (TryAccept)", () => {
  it("refuses without reserving when empty, and refills", () => {
    const b = new PassiveTokenBucket(1, 2, 0);
    expect([b.tryAccept(0), b.tryAccept(0), b.tryAccept(0), b.tryAccept(500)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // Refusals took nothing: one token is back after 1 s.
    expect([b.tryAccept(1000), b.tryAccept(1000)]).toEqual([true, false]);
  });
});
