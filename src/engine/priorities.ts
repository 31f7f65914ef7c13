/**
 * Priority classes for events at the same instant: lower runs first. Within a class, events run
 * in the order they were scheduled (the queue's sequence number), so the order is total.
 *
 * Why this order: at one instant the world first changes (user actions, then pods moving), then
 * watches deliver those changes to the controllers, then controllers sync. A sync therefore
 * always sees every change made at its own instant, as it would with a zero-latency API server.
 */
export const Priority = {
  /** Simulation control: outage start/end. */
  control: 0,
  /** API calls from the scenario's actions. */
  action: 1,
  /** Kubelet and scheduler: pod phase transitions, capacity. */
  podTransition: 2,
  /** Informer delivery of watch events to controller handlers. */
  informerDelivery: 3,
  /** Workqueue-driven controller syncs. */
  controllerSync: 4,
  /** Observation only (samples, progress); never changes the world. */
  observe: 5,
} as const;

export type PriorityClass = (typeof Priority)[keyof typeof Priority];

/** Number of priority classes; the queue packs (time, priority) into one key. */
export const PRIORITY_LEVELS = 8;
