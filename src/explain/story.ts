/**
 * A story: what happened to one object of a report, one line per decision, in time order, each
 * with the reason the controller had. `sim explain` prints it as text or as JSON.
 */

/** One decision or observation, at one instant of simulated time. */
export interface StoryLine {
  /** RFC 3339 instant (UTC) of the decision, as the report writes instants. */
  time: string;
  text: string;
  /** The pod the line is about, when it is about one. */
  pod?: string;
}

export interface Story {
  /** The target as the user named it, resolved: `job/default/etl`, `cronjob/default/nightly@...`. */
  target: string;
  /** One line naming the object and what governs it (policy, limits, schedule and zone). */
  title: string;
  lines: StoryLine[];
  /** Things the story cannot say from this report (an older report lacks a field, ...). */
  notes: string[];
}

/** The story as text: the title, then `TIME  TEXT` lines, then notes. */
export function renderStoryText(story: Story): string {
  const width = story.lines.reduce((w, l) => Math.max(w, shortTime(l.time).length), 0);
  const out = [story.title];
  for (const line of story.lines) out.push(`  ${shortTime(line.time).padEnd(width)}  ${line.text}`);
  for (const note of story.notes) out.push(`note: ${note}`);
  return `${out.join("\n")}\n`;
}

/** The story as JSON (one object, two-space indented, newline at the end). */
export function renderStoryJson(story: Story): string {
  return `${JSON.stringify(story, null, 2)}\n`;
}

/** `2026-01-01T00:00:40.000Z` as `2026-01-01 00:00:40` (milliseconds only when not zero). */
export function shortTime(iso: string): string {
  const ms = iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === ".000" || ms.length < 4 ? "" : ms}`;
}

const UNITS: readonly [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
];

/**
 * A duration for people: `100 ms`, `40 s`, `1.1 s`, `15 m`, `10 m 1.1 s`, `2 h 5 m`, `3 d 4 h`
 * (at most the two largest units once over an hour; seconds keep their milliseconds).
 */
export function humanDuration(ms: number): string {
  if (ms < 0) return `-${humanDuration(-ms)}`;
  if (ms < 1000) return `${ms} ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 && ms < 3_600_000)
    parts.push(`${rest % 1000 === 0 ? rest / 1000 : (rest / 1000).toFixed(3).replace(/0+$/, "")} s`);
  if (ms >= 3_600_000) return parts.slice(0, 2).join(" ");
  return parts.join(" ");
}

/** `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `21st`. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** `1 pod`, `3 pods`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
