import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { ApiStore, StoreListener, WatchType } from "./store.js";
import type { CronJob, Job, Pod } from "./types.js";

/** Event handlers a controller registers, as with client-go's ResourceEventHandlerFuncs. */
export interface InformerHandlers {
  onJob?(type: WatchType, oldObj: Job | null, obj: Job): void;
  onPod?(type: WatchType, oldObj: Pod | null, obj: Pod): void;
  onCronJob?(type: WatchType, oldObj: CronJob | null, obj: CronJob): void;
}

/**
 * Delivers store writes to a controller's handlers as separate events at the same instant
 * (priority `informerDelivery`), so a handler never runs inside the write that caused it and
 * every write made at an instant is delivered before the controllers sync at that instant.
 * While the controller is down (`connected` false) deliveries are dropped: on restart the
 * controller relists instead, as a new informer would.
 */
export class Informer implements StoreListener {
  connected = true;

  constructor(
    private readonly sim: Simulator,
    private readonly handlers: InformerHandlers,
  ) {}

  static attach(sim: Simulator, store: ApiStore, handlers: InformerHandlers): Informer {
    const informer = new Informer(sim, handlers);
    store.subscribe(informer);
    return informer;
  }

  onJob(type: WatchType, oldObj: Job | null, obj: Job): void {
    const h = this.handlers.onJob;
    if (!h || !this.connected) return;
    this.sim.after(0, Priority.informerDelivery, () => {
      if (this.connected) h.call(this.handlers, type, oldObj, obj);
    });
  }

  onPod(type: WatchType, oldObj: Pod | null, obj: Pod): void {
    const h = this.handlers.onPod;
    if (!h || !this.connected) return;
    this.sim.after(0, Priority.informerDelivery, () => {
      if (this.connected) h.call(this.handlers, type, oldObj, obj);
    });
  }

  onCronJob(type: WatchType, oldObj: CronJob | null, obj: CronJob): void {
    const h = this.handlers.onCronJob;
    if (!h || !this.connected) return;
    this.sim.after(0, Priority.informerDelivery, () => {
      if (this.connected) h.call(this.handlers, type, oldObj, obj);
    });
  }
}
