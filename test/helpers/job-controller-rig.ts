import { JobController } from "../../src/controllers/job/controller.js";
import type { Simulator } from "../../src/engine/simulator.js";
import { ApiClient } from "../../src/k8s/client/api-client.js";
import type { EventRecorder } from "../../src/k8s/events.js";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import { Informer, InformerDelivery } from "../../src/k8s/informer.js";
import type { ApiStore } from "../../src/k8s/store.js";
import { StorePodControl } from "../../src/k8s/store-pod-control.js";
import type { RandomStreams } from "../../src/rand/streams.js";
import { DEFAULT_API_CLIENT } from "../../src/run/api-clients.js";

/** An event recorder that records nothing. */
export const noEvents: EventRecorder = { event() {} };

/**
 * The Job controller wired to `store` as run.ts wires it: its own API client (`qps` null:
 * unlimited), pod control subscribed to the store, informer deliveries from the simulator.
 */
export function wireJobController(
  sim: Simulator,
  store: ApiStore,
  streams: RandomStreams,
  qps: number | null,
) {
  const client = new ApiClient("job-controller", sim, { ...DEFAULT_API_CLIENT, qps }, null);
  const podControl = new StorePodControl(store, sim, streams, noEvents, true, client);
  store.subscribe(podControl);
  const controller = new JobController(
    sim,
    store,
    podControl,
    noEvents,
    { ...defaultFeatureGates },
    null,
    client,
  );
  Informer.attach(new InformerDelivery(sim), store, controller);
  return { client, podControl, controller };
}
