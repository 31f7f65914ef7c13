/**
 * Which running pods a disruption burst evicts: round(fraction × candidates), chosen with a
 * partial Fisher-Yates shuffle of the candidates (in admission order) drawn from `rng`.
 */
import type { RandomStream } from "../rand/streams.js";

/** The victims, in the order they were drawn; `candidates` is shuffled in place. */
export function chooseVictims(candidates: string[], fraction: number, rng: RandomStream): string[] {
  const k = Math.min(candidates.length, Math.round(fraction * candidates.length));
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(candidates.length - i);
    const chosen = candidates[j] as string;
    candidates[j] = candidates[i] as string;
    candidates[i] = chosen;
  }
  return candidates.slice(0, k);
}
