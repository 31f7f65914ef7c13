/**
 * How many cases the fuzz properties try and from which seed. `npm test` uses each property's
 * bounded run count and a fixed seed, so the suite stays fast and reproducible; `npm run fuzz`
 * sets FUZZ_RUNS and a random FUZZ_SEED (printed at start), and both can be set by hand to
 * replay a failure.
 */

/** Fixed seed of the bounded suite in `npm test`. */
export const BOUNDED_SEED = 20261206;

export interface FuzzSettings {
  /** fast-check seed. */
  seed: number;
  /** Cases per property; undefined means each property's own bounded count. */
  runs: number | undefined;
}

function parseNonNegativeInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${name}: expected a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** Settings from FUZZ_SEED and FUZZ_RUNS; `defaultSeed` when FUZZ_SEED is unset. */
export function fuzzSettings(env: NodeJS.ProcessEnv, defaultSeed = BOUNDED_SEED): FuzzSettings {
  return {
    seed: parseNonNegativeInteger("FUZZ_SEED", env.FUZZ_SEED) ?? defaultSeed,
    runs: parseNonNegativeInteger("FUZZ_RUNS", env.FUZZ_RUNS),
  };
}
