import { describe, expect, it } from "vitest";
import {
  hasTimeZonePrefix,
  parseSchedule,
  type Schedule,
  type SpecSchedule,
} from "../../../src/cron/index.js";

function ok(spec: string): Schedule {
  const r = parseSchedule(spec);
  if (!r.ok) throw new Error(`${spec}: ${r.message}`);
  return r.schedule;
}

function spec5(spec: string): SpecSchedule {
  const s = ok(spec);
  if (s.kind !== "spec") throw new Error(`${spec} is not a 5-field schedule`);
  return s;
}

function err(spec: string): string {
  const r = parseSchedule(spec);
  if (r.ok) throw new Error(`${spec} parsed`);
  return r.message;
}

/** Set positions of a field, for readable assertions. */
function bits(word: number, from = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i++) if ((word >>> i) & 1) out.push(i + from);
  return out;
}

function minutes(s: SpecSchedule): number[] {
  return [...bits(s.minuteLo), ...bits(s.minuteHi, 30)];
}

describe("parseSchedule: rejections with robfig/cron v3.0.1 ParseStandard's exact messages", () => {
  it.each([
    ["0 0 * * 7", "end of range (7) above maximum (6): 7"],
    ["0 0 L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ["0 0 * * 1#2", 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
    ["0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]"],
    ["0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["5-3 * * * *", "beginning of range (5) beyond end of range (3): 5-3"],
    ["@reboot", "unrecognized descriptor: @reboot"],
    ["TZ=Bad/Zone 0 9 * * *", "provided bad location Bad/Zone: unknown time zone Bad/Zone"],
    ["", "empty spec string"],
    ["0 0 W * *", 'failed to parse int from W: strconv.Atoi: parsing "W": invalid syntax'],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["*//2 * * * *", "too many slashes: *//2"],
    ["*/-12 * * * *", "negative number (-12) not allowed: -12"],
    ["0 24 * * *", "end of range (24) above maximum (23): 24"],
    ["0 0 * 13 *", "end of range (13) above maximum (12): 13"],
    ["0 0 * 0 *", "beginning of range (0) below minimum (1): 0"],
    ["0 0 32 * *", "end of range (32) above maximum (31): 32"],
    ["70/5 * * * *", "beginning of range (70) beyond end of range (59): 70/5"],
    ["0 0 * * mon-sun", "beginning of range (1) beyond end of range (0): mon-sun"],
    ["0 0 * foo *", 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ["0 0 * * */x", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ["-5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    [
      "99999999999999999999 * * * *",
      'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    ["12345678901234567 * * * *", "end of range (12345678901234567) above maximum (59): 12345678901234567"],
    [" @daily", "expected exactly 5 fields, found 1: [@daily]"],
    ["@daily ", "unrecognized descriptor: @daily "],
    ["@every", "unrecognized descriptor: @every"],
    ["@every 5x", 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ["@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ["@every .s", 'failed to parse duration @every .s: time: invalid duration ".s"'],
    ["@every ", 'failed to parse duration @every : time: invalid duration ""'],
    ["@every  1h", 'failed to parse duration @every  1h: time: invalid duration " 1h"'],
    ["@every 1d", 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
    [
      "@every 9999999999h",
      'failed to parse duration @every 9999999999h: time: invalid duration "9999999999h"',
    ],
    [
      "TZ=america/new_york 0 * * * *",
      "provided bad location america/new_york: unknown time zone america/new_york",
    ],
    ["TZ=../etc/passwd 0 * * * *", "provided bad location ../etc/passwd: time: invalid location name"],
    ["CRON_TZ=Mars/Olympus @daily", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"],
    // robfig slices up to the first space unchecked: Go panics, we report the panic text.
    ["TZ=UTC", "runtime error: slice bounds out of range [:-1]"],
  ])("%j → %s", (spec, message) => {
    expect(err(spec)).toBe(message);
  });
});

describe("parseSchedule: accepted forms", () => {
  it("reads names case-insensitively at either end of a range, and ? as *", () => {
    const s = spec5("*/15 9-17/4 * JAN-mar MON-fri");
    expect(minutes(s)).toEqual([0, 15, 30, 45]);
    expect(bits(s.hour)).toEqual([9, 13, 17]);
    expect(bits(s.month)).toEqual([1, 2, 3]);
    expect(bits(s.dow)).toEqual([1, 2, 3, 4, 5]);
    const q = spec5("? ? ? ? ?");
    expect(minutes(q)).toHaveLength(60);
    expect(q.star).toEqual({ minute: true, hour: true, dom: true, month: true, dow: true });
  });

  it("expands N/step to N-max/step and steps restart per unit", () => {
    expect(minutes(spec5("5/20 * * * *"))).toEqual([5, 25, 45]);
    expect(minutes(spec5("*/7 * * * *"))).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);
    expect(bits(spec5("0 0 10/7 * *").dom)).toEqual([10, 17, 24, 31]);
  });

  it("sets the star bit for * and ? unless a step > 1 is given; */1 keeps it", () => {
    expect(spec5("0 0 */2 * 1").star.dom).toBe(false);
    expect(spec5("0 0 */1 * 1").star.dom).toBe(true);
    expect(spec5("0 0 1-31 * 1").star.dom).toBe(false);
    expect(spec5("0 0 1,* * 1").star.dom).toBe(true);
    expect(spec5("0 0 13 * 5").star).toMatchObject({ dom: false, dow: false });
  });

  it("accepts what Go's strconv.Atoi and strings.Split accept", () => {
    expect(minutes(spec5("+5 * * * *"))).toEqual([5]);
    expect(minutes(spec5("1,,2 * * * *"))).toEqual([1, 2]);
    expect(minutes(spec5(", * * * *"))).toEqual([]); // no items: no bits, never fires
    expect(minutes(spec5("*-5 * * * *"))).toHaveLength(60); // robfig ignores what follows "*-"
    expect(minutes(spec5("\t0 \n 0\u00a0* * *  "))).toEqual([0]); // Go's unicode whitespace
  });

  it("maps descriptors to their 5-field equivalents, star bits included", () => {
    const same = (a: string, b: string) => {
      const { source: _a, ...x } = spec5(a);
      const { source: _b, ...y } = spec5(b);
      expect(x).toEqual(y);
    };
    same("@yearly", "0 0 1 1 *");
    same("@annually", "0 0 1 1 *");
    same("@monthly", "0 0 1 * *");
    same("@weekly", "0 0 * * 0");
    same("@daily", "0 0 * * *");
    same("@midnight", "0 0 * * *");
    same("@hourly", "0 * * * *");
  });

  it.each([
    ["@every 90s", 90_000],
    ["@every 1h30m", 5_400_000],
    ["@every 1.5h", 5_400_000],
    ["@every 1500ms", 1000],
    ["@every 100ms", 1000],
    ["@every 0s", 1000],
    ["@every 0", 1000],
    ["@every -5m", 1000],
    ["@every 2.9999s", 2000],
    ["@every 1h0.5s", 3_600_000],
    ["@every 1µs", 1000],
    ["@every +2m", 120_000],
    ["@every 2562047h", 2_562_047 * 3_600_000],
  ])("%s → delay %d ms (whole seconds, 1 s floor)", (spec, delayMs) => {
    expect(ok(spec)).toEqual({ kind: "every", source: spec, delayMs });
  });

  it("handles TZ= and CRON_TZ= prefixes as robfig does", () => {
    expect(spec5("TZ=America/New_York 0 9 * * *").location).toBe("America/New_York");
    expect(spec5("CRON_TZ=UTC  5 * * * *").location).toBe("UTC");
    expect(spec5("TZ= 0 9 * * *").location).toBe("UTC"); // LoadLocation("") is UTC
    expect(spec5("TZ=Local 0 9 * * *").location).toBeNull(); // time.Local: the caller's zone
    expect(spec5("0 9 * * *").location).toBeNull();
    expect(spec5("TZ=Asia/Tokyo @midnight")).toMatchObject({ location: "Asia/Tokyo", hour: 1 });
    expect(ok("TZ=Asia/Tokyo @every 1h")).toMatchObject({ kind: "every", delayMs: 3_600_000 });
  });
});

describe('hasTimeZonePrefix (Kubernetes: strings.Contains(schedule, "TZ"))', () => {
  it.each([
    ["TZ=UTC 0 * * * *", true],
    ["CRON_TZ=UTC 0 * * * *", true],
    ["0 * * * * TZ", true],
    ["0 * * * *", false],
    ["tz=UTC 0 * * * *", false],
  ])("%j → %s", (spec, expected) => {
    expect(hasTimeZonePrefix(spec)).toBe(expected);
  });
});
