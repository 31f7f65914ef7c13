import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRFC3339InZone } from "../../../src/controllers/cronjob/naming.js";
import { getRemainingTimeForFailuresCount } from "../../../src/controllers/job/backoff.js";
import { FakeClock } from "../../../src/engine/clock.js";
import { instantsOfWall } from "../../../src/explain/cronjob-story.js";
import { backoffFor } from "../../../src/explain/job-story.js";
import { humanDuration, ordinal, shortTime } from "../../../src/explain/story.js";
import { parseTarget } from "../../../src/explain/target.js";
import { ReportInputError } from "../../../src/report/errors.js";

describe("parseTarget", () => {
  it("reads job, pod and cronjob targets, with or without a namespace", () => {
    expect(parseTarget("job/etl")).toEqual({ kind: "job", namespace: null, name: "etl" });
    expect(parseTarget("jobs/batch/etl")).toEqual({ kind: "job", namespace: "batch", name: "etl" });
    expect(parseTarget("pod/etl-x7k2p")).toEqual({ kind: "pod", namespace: null, name: "etl-x7k2p" });
    expect(parseTarget("cronjob/nightly")).toEqual({
      kind: "cronjob",
      namespace: null,
      name: "nightly",
      instant: null,
    });
  });

  it("reads a CronJob instant as a wall time, or as an absolute one with Z or an offset", () => {
    expect(parseTarget("cronjob/nightly@2026-03-08T02:30")).toMatchObject({
      instant: { kind: "local", wall: { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 } },
    });
    expect(parseTarget("cronjob/ns/nightly@2026-03-08T02:30Z")).toMatchObject({
      namespace: "ns",
      instant: { kind: "absolute", ms: Date.UTC(2026, 2, 8, 2, 30) },
    });
    expect(parseTarget("cronjob/nightly@2026-03-08T02:30:15+01:00")).toMatchObject({
      instant: { kind: "absolute", ms: Date.UTC(2026, 2, 8, 1, 30, 15) },
    });
  });

  it.each([
    "etl",
    "deployment/etl",
    "job/",
    "job/a/b/c",
    "job/etl@2026-03-08T02:30",
    "cronjob/nightly@2026-02-30T02:30",
    "cronjob/nightly@2026-03-08T24:30",
    "cronjob/nightly@yesterday",
  ])("refuses %s with what it expected", (text) => {
    expect(() => parseTarget(text)).toThrow(ReportInputError);
  });
});

describe("story text", () => {
  it("writes durations the way people read them", () => {
    expect([100, 1000, 1100, 40_000, 900_000, 601_100, 7_500_000, 90_061_000].map(humanDuration)).toEqual([
      "100 ms",
      "1 s",
      "1.1 s",
      "40 s",
      "15 m",
      "10 m 1.1 s",
      "2 h 5 m",
      "1 d 1 h",
    ]);
  });

  it("writes ordinals and short times", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
    ]);
    expect(shortTime("2026-01-01T00:00:40.000Z")).toBe("2026-01-01 00:00:40");
    expect(shortTime("2026-03-02T00:15:00.100Z")).toBe("2026-03-02 00:15:00.100");
  });
});

describe("backoffFor", () => {
  it("is the delay the Job controller chooses: its remaining time right at the last failure", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        (failures, base, cap) => {
          const clock = new FakeClock(1_000_000);
          expect(backoffFor(failures, base, Math.max(base, cap))).toBe(
            getRemainingTimeForFailuresCount(clock, base, Math.max(base, cap), failures, 1_000_000),
          );
        },
      ),
    );
  });
});

describe("instantsOfWall", () => {
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
  const wallOf = (t: number, zone: string) => {
    const text = formatRFC3339InZone(t, zone);
    const n = (a: number, b: number) => Number(text.slice(a, b));
    return {
      year: n(0, 4),
      month: n(5, 7),
      day: n(8, 10),
      hour: n(11, 13),
      minute: n(14, 16),
      second: n(17, 19),
    };
  };

  it("finds every instant whose wall clock reads the given time, and only those", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }),
        (zone, sec) => {
          const t = sec * 1000;
          const found = instantsOfWall(wallOf(t, zone), zone);
          expect(found).toContain(t);
          for (const other of found)
            expect(formatRFC3339InZone(other, zone).slice(0, 19)).toBe(
              formatRFC3339InZone(t, zone).slice(0, 19),
            );
        },
      ),
    );
  });

  it("finds none in a spring-forward gap and two in a fall-back hour (Berlin, 2026)", () => {
    const wall = (month: number, day: number) => ({ year: 2026, month, day, hour: 2, minute: 30, second: 0 });
    expect(instantsOfWall(wall(3, 29), "Europe/Berlin")).toEqual([]);
    expect(instantsOfWall(wall(10, 25), "Europe/Berlin")).toEqual([
      Date.UTC(2026, 9, 25, 0, 30),
      Date.UTC(2026, 9, 25, 1, 30),
    ]);
    expect(instantsOfWall(wall(6, 1), "Europe/Berlin")).toEqual([Date.UTC(2026, 5, 1, 0, 30)]);
  });
});
