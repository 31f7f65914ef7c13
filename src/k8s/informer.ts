import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import type { ApiStore, StoreListener, WatchType } from "./store.js";
import type { CronJob, Job, Pod } from "./types.js";

/** Event handlers a controller registers, as with client-go's ResourceEventHandlerFuncs. */
export interface InformerHandlers {
  onJob?(type: WatchType, oldObj: Job | null, obj: Job): void;
  onPod?(type: WatchType, oldObj: Pod | null, obj: Pod): void;
  onCronJob?(type: WatchType, oldObj: CronJob | null, obj: CronJob): void;
}

const JOB = 0;
const POD = 1;
const CRONJOB = 2;

/**
 * Flushes every informer that has deliveries queued at the current instant, in the order they
 * first queued one, from a single kernel event. Only informers use `informerDelivery`, and
 * their handlers never write to the store, so this runs exactly what one flush event per
 * informer would run, in the same order, with a third of the kernel events.
 */
export class InformerDelivery {
  // The first `count` entries are this instant's; the array is reused, never emptied (setting a
  // length of 0 frees its elements, and the next instant would allocate them again).
  private readonly pending: Informer[] = [];
  private count = 0;
  private scheduled = false;
  private readonly flushAll = (): void => {
    this.scheduled = false;
    const pending = this.pending;
    for (let i = 0; i < this.count; i++) pending[i]!.flush();
    this.count = 0;
  };

  constructor(readonly sim: Simulator) {}

  /** Flush `informer` at this instant, after the informers that asked before it. */
  request(informer: Informer): void {
    this.pending[this.count++] = informer;
    if (this.scheduled) return;
    this.scheduled = true;
    this.sim.after(0, Priority.informerDelivery, this.flushAll);
  }
}

/**
 * Delivers store writes to a controller's handlers after the write that caused them, at the
 * same instant (priority `informerDelivery`): a handler never runs inside a write, and every
 * write made at an instant is delivered before the controllers sync at that instant.
 *
 * Deliveries are queued in write order and flushed once per instant through the shared
 * {@link InformerDelivery}, which is equivalent to one event per delivery (they would run back
 * to back, FIFO) and much cheaper.
 * While the controller is down (`connected` false) deliveries are dropped: on restart the
 * controller relists instead, as a new informer would.
 *
 * With a delivery delay (watch latency plus the reflector's and the handler's queueing), each
 * event reaches the handlers that long after its write, at priority `informerDelivery`. A watch
 * stream is ordered, so an event is never handed over before the one written before it: its
 * delivery instant is the later of its own and the previous event's.
 */
export class Informer implements StoreListener {
  private connectedFlag = true;
  // Parallel arrays reused across flushes; `count` entries are live (cheaper than resizing).
  private readonly kinds: number[] = [];
  private readonly types: WatchType[] = [];
  private readonly olds: (Job | Pod | CronJob | null)[] = [];
  private readonly objs: (Job | Pod | CronJob | null)[] = [];
  private count = 0;
  private flushScheduled = false;
  // Delayed delivery only: the last instant handed out, and the connection it belongs to.
  private lastDeliveryAt: SimTime = Number.NEGATIVE_INFINITY;
  private connection = 0;
  private readonly deliverDelayed = (arg: unknown): void => {
    const d = arg as DelayedDelivery;
    if (d.connection !== this.connection) return;
    this.handle(d.kind, d.type, d.oldObj, d.obj);
  };

  constructor(
    private readonly delivery: InformerDelivery,
    private readonly handlers: InformerHandlers,
    /** Delay from a write to its delivery, drawn per event; null: delivered at the write's instant. */
    private readonly deliveryDelay: (() => Millis) | null = null,
  ) {}

  static attach(
    delivery: InformerDelivery,
    store: ApiStore,
    handlers: InformerHandlers,
    deliveryDelay: (() => Millis) | null = null,
  ): Informer {
    const informer = new Informer(delivery, handlers, deliveryDelay);
    store.subscribe(informer);
    return informer;
  }

  get connected(): boolean {
    return this.connectedFlag;
  }

  /** Disconnecting drops what is queued: a stopped controller never sees those events. */
  set connected(value: boolean) {
    this.connectedFlag = value;
    if (!value) {
      this.clear();
      // Delayed deliveries still in flight belong to the stopped process: they never arrive.
      this.connection++;
      this.lastDeliveryAt = Number.NEGATIVE_INFINITY;
    }
  }

  onJob(type: WatchType, oldObj: Job | null, obj: Job): void {
    if (this.handlers.onJob) this.enqueue(JOB, type, oldObj, obj);
  }

  onPod(type: WatchType, oldObj: Pod | null, obj: Pod): void {
    if (this.handlers.onPod) this.enqueue(POD, type, oldObj, obj);
  }

  onCronJob(type: WatchType, oldObj: CronJob | null, obj: CronJob): void {
    if (this.handlers.onCronJob) this.enqueue(CRONJOB, type, oldObj, obj);
  }

  private enqueue(
    kind: number,
    type: WatchType,
    oldObj: Job | Pod | CronJob | null,
    obj: Job | Pod | CronJob,
  ): void {
    if (!this.connectedFlag) return;
    if (this.deliveryDelay !== null) {
      const sim = this.delivery.sim;
      const at = Math.max(sim.now() + this.deliveryDelay(), this.lastDeliveryAt);
      this.lastDeliveryAt = at;
      const d: DelayedDelivery = { connection: this.connection, kind, type, oldObj, obj };
      sim.at(at, Priority.informerDelivery, this.deliverDelayed, d);
      return;
    }
    const i = this.count++;
    this.kinds[i] = kind;
    this.types[i] = type;
    this.olds[i] = oldObj;
    this.objs[i] = obj;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.delivery.request(this);
    }
  }

  /** Run the handlers for everything queued; called by {@link InformerDelivery}. */
  flush(): void {
    this.flushScheduled = false;
    const olds = this.olds;
    const objs = this.objs;
    // Handlers never write to the store, so nothing is appended while flushing.
    for (let i = 0; i < this.count; i++) {
      const kind = this.kinds[i];
      const oldObj = olds[i] ?? null;
      const obj = objs[i]!;
      // Drop the references as we go so delivered objects can be collected.
      olds[i] = null;
      objs[i] = null;
      this.handle(kind!, this.types[i]!, oldObj, obj);
    }
    this.count = 0;
  }

  private handle(
    kind: number,
    type: WatchType,
    oldObj: Job | Pod | CronJob | null,
    obj: Job | Pod | CronJob,
  ): void {
    const h = this.handlers;
    if (kind === POD) h.onPod!(type, oldObj as Pod | null, obj as Pod);
    else if (kind === JOB) h.onJob!(type, oldObj as Job | null, obj as Job);
    else h.onCronJob!(type, oldObj as CronJob | null, obj as CronJob);
  }

  private clear(): void {
    // Drop references so delivered objects can be collected; keep the arrays' capacity.
    this.olds.fill(null, 0, this.count);
    this.objs.fill(null, 0, this.count);
    this.count = 0;
  }
}

interface DelayedDelivery {
  connection: number;
  kind: number;
  type: WatchType;
  oldObj: Job | Pod | CronJob | null;
  obj: Job | Pod | CronJob;
}
