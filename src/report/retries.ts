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

export class JobRetries {
  #count = 0;
  /** Failures of a NonIndexed Job not yet followed by a pod. */
  #pending = 0;
  /**
   * The same by completion index, for Indexed Jobs; made on the first failure only, as most
   * Jobs never fail and a year of a per-minute CronJob keeps half a million of these.
   */
  #pendingByIndex: Map<number, number> | null = null;

  /** Retries so far. */
  get count(): number {
    return this.#count;
  }

  /** A pod of the Job failed by itself (`index` null for NonIndexed pods). */
  podFailed(index: number | null): void {
    if (index === null) {
      this.#pending++;
      return;
    }
    this.#pendingByIndex ??= new Map();
    this.#pendingByIndex.set(index, (this.#pendingByIndex.get(index) ?? 0) + 1);
  }

  /** The Job controller created a pod: it retries one earlier failure of the same work, if any. */
  podCreated(index: number | null): void {
    if (index === null) {
      if (this.#pending === 0) return;
      this.#pending--;
      this.#count++;
      return;
    }
    const pending = this.#pendingByIndex?.get(index);
    if (pending === undefined) return;
    if (pending > 1) this.#pendingByIndex!.set(index, pending - 1);
    else this.#pendingByIndex!.delete(index);
    this.#count++;
  }

  /** Containers of a pod restarted in place `times` more times. */
  restarted(times: number): void {
    this.#count += times;
  }
}
