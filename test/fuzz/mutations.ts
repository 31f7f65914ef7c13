/**
 * Mutations of scenario documents and damage to their text: delete a field, put an odd value
 * in, tweak a number or duration, add an unknown field, wrong apiVersion or kind, shuffle or
 * repeat documents; then maybe a duplicate key, a cut at a byte or a stray character. Choices
 * are indices into whatever the documents hold, so fast-check shrinks a failure to few, simple
 * mutations.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { oddValue, type YamlLike } from "./odd-values.js";

type Step = string | number;

const DURATION = /^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/;

/** Paths to every value below the document roots (the roots themselves are `[docIndex]`). */
function allPaths(docs: YamlLike[]): Step[][] {
  const out: Step[][] = [];
  const walk = (v: YamlLike, at: Step[]) => {
    out.push(at);
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...at, i]);
    } else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  for (const [i, d] of docs.entries()) walk(d, [i]);
  return out;
}

function getAt(docs: YamlLike[], at: Step[]): YamlLike {
  let v: YamlLike = docs as YamlLike;
  for (const s of at) v = (v as Record<string, YamlLike>)[s as string]!;
  return v;
}

/** Set a key as an own property (a `__proto__` key must stay data, not a prototype). */
function setKey(target: YamlLike, key: Step, value: YamlLike): void {
  if (Array.isArray(target) && typeof key === "number") target[key] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const deleteField = fc.record({ op: fc.constant("delete" as const), pick: fc.nat() });
const replaceValue = fc.record({ op: fc.constant("replace" as const), pick: fc.nat(), value: oddValue });
const addField = fc.record({
  op: fc.constant("add" as const),
  pick: fc.nat(),
  key: fc.oneof(
    fc.constantFrom("__proto__", "constructor", "toString", "horizonn", "parallelizm", "Spec", "x-extra", ""),
    fc.string({ maxLength: 10 }),
  ),
  value: oddValue,
});
const wrongHeader = fc.record({
  op: fc.constant("header" as const),
  pick: fc.nat(),
  field: fc.constantFrom("apiVersion", "kind"),
  value: fc.oneof(
    fc.constantFrom<YamlLike>(
      "batch/v1",
      "batch/v2",
      "jobsim.dev/v1alpha1",
      "jobsim.dev/v1",
      "v1",
      "apps/v1",
      "Job",
      "CronJob",
      "Simulation",
      "List",
      "Deployment",
      "job",
      "",
      null,
    ),
    oddValue,
  ),
});
/** A plausible new value of the same type: a number for a number, a duration for a duration. */
const tweakValue = fc.record({
  op: fc.constant("tweak" as const),
  pick: fc.nat(),
  number: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true })),
  duration: fc.oneof(
    fc.integer({ min: 0, max: 600 }).map((n) => `${n}s`),
    fc.constantFrom("0s", "1ms", "90m", "3h", "1d"),
  ),
});
const shuffleDocs = fc.record({
  op: fc.constant("shuffle" as const),
  order: fc.array(fc.nat(), { maxLength: 8 }),
});
const repeatDoc = fc.record({ op: fc.constant("repeat" as const), pick: fc.nat() });

export type Mutation =
  | { op: "delete"; pick: number }
  | { op: "replace"; pick: number; value: YamlLike }
  | { op: "tweak"; pick: number; number: number; duration: string }
  | { op: "add"; pick: number; key: string; value: YamlLike }
  | { op: "header"; pick: number; field: string; value: YamlLike }
  | { op: "shuffle"; order: number[] }
  | { op: "repeat"; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: deleteField, weight: 3 },
  { arbitrary: replaceValue, weight: 5 },
  { arbitrary: tweakValue, weight: 4 },
  { arbitrary: addField, weight: 2 },
  { arbitrary: wrongHeader, weight: 1 },
  { arbitrary: shuffleDocs, weight: 1 },
  { arbitrary: repeatDoc, weight: 1 },
);

function mutate(docs: YamlLike[], m: Mutation): void {
  if (docs.length === 0) return;
  if (m.op === "shuffle") {
    const keyed = docs.map((d, i) => ({ d, k: m.order[i] ?? i }));
    keyed.sort((a, b) => a.k - b.k);
    docs.splice(0, docs.length, ...keyed.map((x) => x.d));
    return;
  }
  if (m.op === "repeat") {
    const doc = docs[m.pick % docs.length]!;
    docs.push(structuredClone(doc));
    return;
  }
  if (m.op === "header") {
    const doc = docs[m.pick % docs.length];
    if (doc !== null && typeof doc === "object" && !Array.isArray(doc)) setKey(doc, m.field, m.value);
    return;
  }
  const paths = allPaths(docs);
  if (m.op === "add") {
    const maps = paths.filter((p) => {
      const v = getAt(docs, p);
      return v !== null && typeof v === "object" && !Array.isArray(v);
    });
    if (maps.length > 0) setKey(getAt(docs, maps[m.pick % maps.length]!), m.key, m.value);
    return;
  }
  if (m.op === "tweak") {
    const leaves = paths.filter((p) => {
      const v = getAt(docs, p);
      return typeof v === "number" || (typeof v === "string" && DURATION.test(v));
    });
    if (leaves.length === 0) return;
    const at = leaves[m.pick % leaves.length]!;
    const old = getAt(docs, at);
    setKey(getAt(docs, at.slice(0, -1)), at.at(-1)!, typeof old === "number" ? m.number : m.duration);
    return;
  }
  const below = paths.filter((p) => p.length > 1);
  if (below.length === 0) return;
  const at = below[m.pick % below.length]!;
  const parent = getAt(docs, at.slice(0, -1));
  const last = at.at(-1)!;
  if (m.op === "replace") setKey(parent, last, m.value);
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete (parent as Record<string, YamlLike>)[last as string];
}

/** Damage done to the YAML text after it was written. */
export type TextDamage =
  | { op: "none" }
  | { op: "duplicate-key"; pick: number }
  | { op: "cut"; at: number }
  | { op: "insert"; at: number; text: string };

export const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { arbitrary: fc.constant({ op: "none" as const }), weight: 14 },
  { arbitrary: fc.record({ op: fc.constant("duplicate-key" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("cut" as const), at: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.constantFrom("\t", ":", "- ", "---\n", "&a ", "*a", "!!str ", "{", "]", "\u0000", "\r", '"'),
    }),
    weight: 2,
  },
);

function damage(text: string, d: TextDamage): string | Uint8Array {
  if (d.op === "none") return text;
  if (d.op === "cut") {
    const bytes = Buffer.from(text, "utf8");
    return bytes.subarray(0, d.at % (bytes.length + 1));
  }
  if (d.op === "insert") {
    const at = d.at % (text.length + 1);
    return text.slice(0, at) + d.text + text.slice(at);
  }
  const lines = text.split("\n");
  const keyed = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*[A-Za-z_"][^:#]*:( |$)/.test(l));
  if (keyed.length === 0) return text;
  const { l, i } = keyed[d.pick % keyed.length]!;
  // The same key again at the same indentation; a list item's key repeats without its dash.
  const again = l.replace(/^(\s*)- /, "$1  ");
  lines.splice(i + 1, 0, again);
  return lines.join("\n");
}

/** One to three document mutations. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** `docs` (not changed) mutated, written as YAML and damaged: the bytes of a scenario file. */
export function mutatedText(
  docs: readonly unknown[],
  list: readonly Mutation[],
  d: TextDamage,
): string | Uint8Array {
  const copy = structuredClone(docs) as YamlLike[];
  for (const m of list) mutate(copy, m);
  const text = copy.map((doc) => stringify(doc, { aliasDuplicateObjects: false })).join("---\n");
  return damage(text, d);
}
