import { scheduleDisruptionBursts } from "../cluster/disruption-bursts.js";
import { Kubelet } from "../cluster/kubelet.js";
import { PodBinding } from "../cluster/pod-binding.js";
import { POD_GC_CHECK_PERIOD, PodGC, TERMINATED_POD_GC_THRESHOLD } from "../cluster/pod-gc.js";
import {
  KUBELET_RESTART_BACKOFF_BASE,
  KUBELET_RESTART_BACKOFF_MAX,
  KUBELET_RESTART_BACKOFF_RESET,
} from "../cluster/restart-backoff.js";
import { Cluster, type PodDemand } from "../cluster/scheduler.js";
import { DEFAULT_DURATION } from "../cluster/workload-model.js";
import { CronJobController } from "../controllers/cronjob/controller.js";
import * as jobConstants from "../controllers/job/constants.js";
import { JobController } from "../controllers/job/controller.js";
import { TTLAfterFinishedController } from "../controllers/ttl/controller.js";
import type { Clock } from "../engine/clock.js";
import { Priority } from "../engine/priorities.js";
import { Simulator } from "../engine/simulator.js";
import { formatDuration, formatInstant, type SimTime } from "../engine/time.js";
import { StatusError } from "../k8s/api-errors.js";
import { defaultFeatureGates, type FeatureGates } from "../k8s/feature-gates.js";
import { Informer, InformerDelivery } from "../k8s/informer.js";
import { cronJobFromManifest, jobFromManifest, restoredCronJob } from "../k8s/job-factory.js";
import { ApiStore, type StoreListener } from "../k8s/store.js";
import { StorePodControl } from "../k8s/store-pod-control.js";
import type { CronJobManifest, JobManifest } from "../k8s/types.js";
import { RandomStreams } from "../rand/streams.js";
import { buildReport } from "../report/build.js";
import { foldWarnings } from "../report/fold-warnings.js";
import { ReportRecorder, type RowSinks } from "../report/recorder.js";
import type { ScheduleSpill } from "../report/schedule-spill.js";
import { ScheduleRecorder } from "../report/schedules.js";
import type { Report } from "../report/types.js";
import type { Action, Scenario, SimulationSpec } from "../scenario/types.js";
import { applyAction } from "./actions.js";
import { ApiClients, DEFAULT_API_CLIENT, SCHEDULER_CLIENT } from "./api-clients.js";
import { addCapacitySummary } from "./capacity.js";
import { ControlPlaneTiming } from "./control-plane.js";
import { CreationCounter, EventLimitReached, type RunProgress } from "./event-limit.js";
import { createOrchestration } from "./orchestration.js";
import { describeJobs, groupByTemplate } from "./warning-folds.js";

/** Kubernetes release whose controllers jobsim reproduces. */
export const KUBERNETES_VERSION = "1.34";

export interface RunOptions {
  /** Called now and then with simulated progress in [0, 1]; the only hook for a UI. */
  onProgress?: (fraction: number) => void;
  /**
   * Observers of every API write, called synchronously with the simulated clock (for property
   * tests and custom metrics). They must not write to the store.
   */
  listeners?: readonly StoreListener[];
  /** Receives the clock, so listeners can read simulated time. */
  onStart?: (clock: Clock) => void;
  /**
   * Stream finished Job, pod and event rows here instead of keeping them (`--summary-only`):
   * the report's arrays stay empty and memory follows the live objects only.
   */
  sinks?: RowSinks;
  /**
   * Keep CronJob schedule instants on disk here as they become final (`--summary-only`), so
   * memory does not grow with them; the report's lists read them back while it is written, so
   * the spill must stay open until then.
   */
  scheduleSpill?: ScheduleSpill;
  /**
   * Stop once this many events have been processed (`--max-events`): `runScenario` then throws
   * {@link EventLimitReached} with the simulated time, events, Jobs and pods reached, and builds
   * no report. Unset: no bound. A run that needs exactly this many events completes.
   */
  maxEvents?: number;
}

export interface RunResult {
  report: Report;
  /** Things the user should know that are not errors (e.g. pods no workload matched). */
  warnings: string[];
}

/** Slices of the horizon between progress callbacks; slicing never changes the results. */
const PROGRESS_SLICES = 100;

/**
 * The constants and gates in force, echoed into the report, and the controller manager's zone
 * and outages (`sim explain` names an outage as the reason an instant was late or missed).
 */
function settings(
  gates: FeatureGates,
  controller: SimulationSpec["controller"],
  controlPlane: ControlPlaneTiming,
): Record<string, unknown> {
  return {
    kubernetesVersion: KUBERNETES_VERSION,
    featureGates: { ...gates },
    controllerManager: {
      timeZone: controller.timeZone,
      // Every controller's API client: --kube-api-qps, --kube-api-burst.
      apiQPS: controller.api === undefined ? DEFAULT_API_CLIENT.qps : (controller.api.qps ?? "unlimited"),
      apiBurst: (controller.api ?? DEFAULT_API_CLIENT).burst,
      outages: controller.outages.map((o) => ({
        start: formatInstant(o.start),
        end: formatInstant(o.start + o.duration),
        ...(o.restart ? { kind: "restart", candidateDelay: formatDuration(o.restart.candidateDelay) } : {}),
      })),
      ...controlPlane.settings(),
    },
    jobController: {
      podFailureBackOff: formatDuration(jobConstants.DefaultJobPodFailureBackOff),
      maxPodFailureBackOff: formatDuration(jobConstants.MaxJobPodFailureBackOff),
      syncBatchPeriod: formatDuration(jobConstants.syncJobBatchPeriod),
      maxPodCreateDeletePerSync: jobConstants.MaxPodCreateDeletePerSync,
    },
    kubelet: {
      restartBackOff: formatDuration(KUBELET_RESTART_BACKOFF_BASE),
      maxRestartBackOff: formatDuration(KUBELET_RESTART_BACKOFF_MAX),
      restartBackOffReset: formatDuration(KUBELET_RESTART_BACKOFF_RESET),
    },
    podGC: {
      terminatedPodThreshold: TERMINATED_POD_GC_THRESHOLD,
      period: formatDuration(POD_GC_CHECK_PERIOD),
    },
    unmatchedPodDuration: formatDuration(DEFAULT_DURATION),
  };
}

/** A pod's requests for a warning: `cpu 4, memory 8Gi` in the units Kubernetes writes. */
function demandText(d: PodDemand): string {
  const gi = 2 ** 30;
  const mi = 2 ** 20;
  const memory =
    d.memory > 0 && d.memory % gi === 0
      ? `${d.memory / gi}Gi`
      : d.memory > 0 && d.memory % mi === 0
        ? `${d.memory / mi}Mi`
        : String(d.memory);
  return `cpu ${d.milliCpu % 1000 === 0 ? d.milliCpu / 1000 : `${d.milliCpu}m`}, memory ${memory}`;
}

/**
 * Run the events before `until`, at most `maxEvents` in the whole run; false when the run needs
 * more (an event beyond the bound is run only to learn that a live one was due, and the caller
 * discards the run). The check sits between events, so no controller stops mid-sync.
 */
function runBounded(sim: Simulator, until: SimTime, maxEvents: number, atBound: () => void): boolean {
  while (sim.peek() < until) {
    if (sim.eventsProcessed < maxEvents) {
      sim.step();
      continue;
    }
    atBound();
    // Only cancelled events may be left: skipping them is not running anything.
    return !sim.step();
  }
  return true;
}

/**
 * Simulate a loaded scenario from `start` to `end` (exclusive) and build its report. Pure
 * apart from `onProgress`: the same scenario gives the same report, byte for byte.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const spec = scenario.simulation;
  const sim = new Simulator(spec.start);
  const streams = new RandomStreams(spec.seed);
  const store = new ApiStore(sim);
  const recorder = new ReportRecorder(sim, options.sinks ?? null);
  store.subscribe(recorder);
  for (const l of options.listeners ?? []) store.subscribe(l);
  options.onStart?.(sim);
  const gates: FeatureGates = { ...defaultFeatureGates, ...spec.controller.featureGates };
  const cluster = new Cluster(spec.cluster.capacityPods, spec.cluster.nodes, sim, spec.start);
  const apiClients = new ApiClients(sim, streams, spec.controller.api ?? DEFAULT_API_CLIENT);
  const binding = new PodBinding(store, apiClients.client(SCHEDULER_CLIENT));
  const kubelet = new Kubelet(sim, store, cluster, streams, spec, recorder, binding);
  recorder.podItems = (uid) => kubelet.workQueues.itemsOf(uid);
  const bursts = scheduleDisruptionBursts(sim, streams, spec.cluster.disruptions ?? [], kubelet, spec.end);
  store.subscribe(kubelet);
  const jobClient = apiClients.client("job-controller");
  const jobRecorder = apiClients.recorder("job-controller", recorder);
  const podControl = new StorePodControl(store, sim, streams, jobRecorder, gates.PodIndexLabel, jobClient);
  store.subscribe(podControl);
  const controlPlane = new ControlPlaneTiming(spec.controller.timing, streams);
  const jobController = new JobController(
    sim,
    store,
    podControl,
    jobRecorder,
    gates,
    controlPlane.workers("job"),
    jobClient,
  );
  const delivery = new InformerDelivery(sim);
  const informer = Informer.attach(delivery, store, jobController, controlPlane.informerDelay("job"));
  const ttlController = new TTLAfterFinishedController(
    sim,
    store,
    controlPlane.workers("ttl"),
    apiClients.client("ttl-after-finished-controller"),
  );
  const ttlInformer = Informer.attach(delivery, store, ttlController, controlPlane.informerDelay("ttl"));
  const schedules = new ScheduleRecorder(sim, spec.controller.timeZone, options.scheduleSpill ?? null);
  store.subscribe(schedules);
  const cronJobController = new CronJobController(
    sim,
    store,
    apiClients.recorder("cronjob-controller", recorder),
    spec.controller.timeZone,
    (cj, t, d, job) => schedules.decide(cj, t, d, job),
    spec.start,
    controlPlane.workers("cronJob"),
    apiClients.client("cronjob-controller"),
  );
  const cronInformer = Informer.attach(
    delivery,
    store,
    cronJobController,
    controlPlane.informerDelay("cronJob"),
  );
  const podGC = new PodGC(
    sim,
    store,
    spec.start,
    TERMINATED_POD_GC_THRESHOLD,
    apiClients.client("pod-garbage-collector"),
  );
  store.subscribe(podGC);
  const warnings: string[] = [...scenario.warnings];

  const createJob = (manifest: JobManifest): StatusError | null => {
    const result = store.createJob(jobFromManifest(manifest, store.newUid(), sim.now()));
    return result instanceof StatusError ? result : null;
  };
  const createCronJob = (manifest: CronJobManifest) => {
    store.createCronJob(cronJobFromManifest(manifest, store.newUid(), sim.now()));
  };
  const orchestration = createOrchestration(sim, store, streams, scenario, warnings, createJob);
  sim.at(spec.start, Priority.action, () => {
    for (const manifest of scenario.jobs) if (orchestration.createdAtStart(manifest)) createJob(manifest);
    // Declared CronJobs exist when the simulation begins, with the history they were exported with.
    for (const manifest of scenario.cronJobs)
      store.createCronJob(restoredCronJob(manifest, store.newUid(), sim.now()), true);
    orchestration.start();
  });
  for (const action of spec.actions) {
    sim.at(action.at, Priority.action, () => {
      const create = { job: createJob, cronJob: createCronJob };
      for (const message of applyAction(action as Action, store, sim.now(), create, kubelet))
        warnings.push(`action at ${formatInstant(action.at)}: ${message}`);
    });
  }
  for (const outage of spec.controller.outages) {
    sim.at(outage.start, Priority.control, () => {
      informer.connected = false;
      cronInformer.connected = false;
      ttlInformer.connected = false;
      ttlController.queue.clear();
      jobController.queue.clear();
      cronJobController.queue.clear();
      podGC.running = false;
    });
    sim.at(outage.start + outage.duration, Priority.control, () => {
      informer.connected = true;
      cronInformer.connected = true;
      ttlInformer.connected = true;
      ttlController.restart();
      jobController.restart();
      cronJobController.restart();
      podGC.resume();
    });
  }

  const maxEvents = options.maxEvents;
  const created = maxEvents === undefined ? null : new CreationCounter();
  if (created) store.subscribe(created);
  const total = spec.end - spec.start;
  for (let i = 1; i <= PROGRESS_SLICES; i++) {
    const until: SimTime =
      i === PROGRESS_SLICES ? spec.end : spec.start + Math.floor((total * i) / PROGRESS_SLICES);
    let progress: RunProgress | null = null;
    const atBound = () => {
      const reached = sim.now();
      progress = {
        reached,
        fraction: total > 0 ? (reached - spec.start) / total : 0,
        events: sim.eventsProcessed,
        jobsCreated: created!.jobs,
        podsCreated: created!.pods,
      };
    };
    if (maxEvents !== undefined && !runBounded(sim, until, maxEvents, atBound)) {
      throw new EventLimitReached(maxEvents, progress!);
    }
    sim.runUntil(until);
    options.onProgress?.(i / PROGRESS_SLICES);
  }
  for (const group of groupByTemplate(kubelet.unmatchedJobs)) {
    const them = group.jobs.length === 1 ? "its" : "their";
    warnings.push(
      `no workload matches ${describeJobs(group)}: ${them} pods succeed after ${formatDuration(DEFAULT_DURATION)}`,
    );
  }
  for (const group of groupByTemplate(kubelet.unschedulableJobs.keys())) {
    const demand = kubelet.unschedulableJobs.get(group.jobs[0]!)!;
    const them = group.jobs.length === 1 ? "its" : "their";
    warnings.push(
      `${describeJobs(group)}: ${them} pods request ${demandText(demand)}, more than any node of cluster.nodes allocates: they stay Pending`,
    );
  }
  recorder.finish();
  const { cronjobs, counts } = schedules.build(spec.end);
  warnings.push(...schedules.warnings);
  const report = buildReport(
    scenario,
    recorder,
    sim.eventsProcessed,
    settings(gates, spec.controller, controlPlane),
    {
      cronjobs,
      counts,
      replaced: cronJobController.jobControl.replaced,
    },
    orchestration.totals(),
  );
  addCapacitySummary(report.summary, cluster, kubelet.workQueues, bursts, spec.start, spec.end);
  // The API clients' metrics always; the workers' and leader election's when the scenario sets them.
  report.summary.controlPlane = {
    ...apiClients.summary(),
    ...(controlPlane.summary(spec.controller.outages) ?? {}),
  };
  report.warnings = foldWarnings(warnings);
  return { report, warnings };
}
