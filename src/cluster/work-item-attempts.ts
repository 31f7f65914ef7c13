/**
 * The attempts of work-queue pods ("fine parallel processing using a work queue"): an attempt
 * takes the Job's items one after another until the queue is empty (exit 0), an item crashes the
 * pod, the pod's activeDeadlineSeconds passes, or the workload's per-pod eviction strikes; an
 * item in hand goes back to the queue. The kubelet runs the pod; this steps the items.
 */
import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import { HOUR, type SimTime } from "../engine/time.js";
import { exponentialMillis } from "../rand/distributions.js";
import type { RandomStreams } from "../rand/streams.js";
import type { PodRuntime } from "./pod-runtime.js";
import type { AttemptOutcome } from "./workload-model.js";

/** Outcome of an attempt that found the queue empty (the time is the queue's, not the outcome's). */
const DRAINED: AttemptOutcome = {
  after: 0,
  exitCode: 0,
  reason: "Completed",
  disruption: false,
  container: null,
};

/** What a work-item attempt asks of the kubelet that runs the pod. */
export interface WorkItemKubelet {
  endAttempt(key: string, rt: PodRuntime, outcome: AttemptOutcome): void;
  /** Fail the pod for its activeDeadlineSeconds. */
  deadline(key: string, rt: PodRuntime): void;
  evict(key: string, rt: PodRuntime): void;
  /** When the pod's activeDeadlineSeconds ends it (Infinity: never). */
  podDeadline(rt: PodRuntime): SimTime;
}

export class WorkItemAttempts {
  constructor(
    private readonly sim: Simulator,
    private readonly streams: RandomStreams,
    private readonly kubelet: WorkItemKubelet,
  ) {}

  /** A work-queue attempt: draw its eviction clock, then take items until done. */
  start(key: string, rt: PodRuntime, attempt: number): void {
    rt.running = true;
    const now = this.sim.now();
    rt.attemptStartedAt = now;
    const perHour = rt.workload?.disruption?.perHour ?? 0;
    rt.evictAt =
      perHour > 0
        ? now + exponentialMillis(HOUR / perHour, this.streams.get(`pod/${rt.attemptKey}/${attempt}`))
        : Number.POSITIVE_INFINITY;
    // Next instant, not now: a pod finding the queue empty must not end inside its own binding.
    rt.timer = this.sim.after(0, Priority.podTransition, () => {
      rt.timer = null;
      this.nextItem(key, rt);
    });
  }

  /** Take the next item (or exit 0 on an empty queue) and schedule its end. */
  private nextItem(key: string, rt: PodRuntime): void {
    const w = rt.worker!;
    const now = this.sim.now();
    if (!w.queue.take(w)) {
      this.kubelet.endAttempt(key, rt, DRAINED);
      return;
    }
    const deadlineAt = this.kubelet.podDeadline(rt);
    if (deadlineAt < now + w.after && deadlineAt <= rt.evictAt) {
      // The pod's own activeDeadlineSeconds ends it mid-item: the item goes back to the queue.
      rt.timer = this.sim.after(deadlineAt - now, Priority.podTransition, () => {
        w.queue.nack(w);
        this.kubelet.deadline(key, rt);
      });
      return;
    }
    if (rt.evictAt < now + w.after) {
      rt.timer = this.sim.after(rt.evictAt - now, Priority.podTransition, () => this.kubelet.evict(key, rt));
      return;
    }
    rt.timer = this.sim.after(w.after, Priority.podTransition, () => {
      rt.timer = null;
      if (w.crash) {
        w.queue.nack(w);
        const code = w.queue.spec.itemFailure?.exitCode ?? 1;
        this.kubelet.endAttempt(key, rt, {
          after: 0,
          exitCode: code,
          reason: code === 137 ? "OOMKilled" : "Error",
          disruption: false,
          container: null,
        });
        return;
      }
      w.queue.ack(w, this.sim.now());
      this.nextItem(key, rt);
    });
  }
}
