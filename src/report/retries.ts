/**
 * The one definition of `retries` (README "Report"), kept per Job while the run goes on: the
 * failed attempts that the Job made again.
 *
 * - A pod that failed by itself (not one a controller deleted) is retried when a later pod
 *   takes up the same work: any later pod of a NonIndexed Job (its pods are interchangeable),
 *   a later pod of the same completion index of an Indexed Job. Each later pod retries one
 *   failure at most.
 * - Every in-place container restart (restartPolicy OnFailure) is a retry.
 *
 * A failure no pod follows is not a retry: its index failed (FailIndex, backoffLimitPerIndex),
 * the Job failed (FailJob, backoffLimit, maxFailedIndexes, activeDeadlineSeconds), it stayed
 * suspended, its success policy was met, or it was deleted before a replacement came.
 */

/** Key of the work a NonIndexed pod does (completion indexes are never negative). */
const NON_INDEXED = -1;

export class JobRetries {
  #count = 0;
  /** Failures not yet followed by a pod, by completion index (NON_INDEXED for NonIndexed pods). */
  readonly #pending = new Map<number, number>();

  /** Retries so far. */
  get count(): number {
    return this.#count;
  }

  /** A pod of the Job failed by itself (`index` null for NonIndexed pods). */
  podFailed(index: number | null): void {
    const key = index ?? NON_INDEXED;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
  }

  /** The Job controller created a pod: it retries one earlier failure of the same work, if any. */
  podCreated(index: number | null): void {
    const key = index ?? NON_INDEXED;
    const pending = this.#pending.get(key);
    if (pending === undefined) return;
    if (pending > 1) this.#pending.set(key, pending - 1);
    else this.#pending.delete(key);
    this.#count++;
  }

  /** Containers of a pod restarted in place `times` more times. */
  restarted(times: number): void {
    this.#count += times;
  }
}
