/**
 * Repeated warnings folded, for the terminal and report.json: warnings that differ only in the instants they
 * name (`arrival at 2026-03-01T00:05:00.000Z: ...`, one per schedule instant or arrival) print
 * once, with how many there were and the first one's instant. Order: first occurrence.
 */

/** An instant as report files write it. */
const INSTANT = /\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/** `warnings` with repeats folded (see the module comment). */
export function foldWarnings(warnings: readonly string[]): string[] {
  const groups = new Map<string, { first: string; count: number }>();
  for (const w of warnings) {
    const key = w.replace(INSTANT, "\u0000");
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: w, count: 1 });
    else group.count++;
  }
  return [...groups.values()].map(({ first, count }) =>
    count === 1 ? first : `${first} (and ${count - 1} more like it: ${count} in all)`,
  );
}
