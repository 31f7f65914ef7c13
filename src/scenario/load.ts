/**
 * loadScenario: read a scenario file and the manifests it names, and return a defaulted,
 * validated Scenario or every located error. The only module of src/scenario that does I/O, and
 * only through the injectable `readFile`/`readDir`/`realpath`, kept inside the scenario's folder
 * tree by ScenarioFiles.
 */
import { createHash } from "node:crypto";
import { opendirSync, realpathSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { formatInstant } from "../engine/time.js";
import { readRegularFile } from "../io/read-regular-file.js";
import { defaultFeatureGates, type FeatureGates } from "../k8s/feature-gates.js";
import type { CronJobManifest, JobManifest } from "../k8s/types.js";
import { checkArrivals } from "./arrivals.js";
import { readCronJobManifest } from "./cronjob-manifest.js";
import { checkDependencies } from "./dependencies.js";
import type { ReadRelative } from "./durations.js";
import { Diagnostics, type ScenarioError, suggest } from "./errors.js";
import {
  carriesStatus,
  checkImportedTimes,
  dropJobsOwnedByCronJobs,
  firstFew,
  warnJobStatuses,
} from "./imported-state.js";
import { readJobManifest } from "./job-manifest.js";
import { isKustomizationDocument, isKustomizationFile, readKustomization } from "./kustomization.js";
import type { SimulationDocument } from "./read-simulation-result.js";
import { type FileAccess, type NamedFile, ScenarioFiles } from "./scenario-files.js";
import { SharedManifestParts } from "./shared-manifest-parts.js";
import { readSimulation } from "./simulation-document.js";
import { gridSize } from "./sweep-section.js";
import type { ObjectKind, Scenario } from "./types.js";
import { newValueBudget, type ValueBudget } from "./yaml-guards.js";
import { parseYamlFile, Reader, type YValue } from "./yaml-source.js";

/** How loadScenario reaches files; tests pass in-memory versions. */
export interface LoadOptions {
  /**
   * Read a file as UTF-8 text, at most `maxBytes` of it; throws when it cannot. Defaults to
   * readRegularFile (regular files only, never blocking).
   */
  readFile?: (path: string, maxBytes: number) => string;
  /**
   * List a directory: entry names, directories (and links to them) with a trailing "/", need not
   * return more than `maxEntries` + 1; null when `path` is not a directory. Defaults to the real
   * file system, or to "never a directory" when only `readFile` is injected.
   */
  readDir?: (path: string, maxEntries: number) => string[] | null;
  /**
   * Resolve symbolic links; throws when the path does not exist. Defaults to the real file
   * system, or to the path itself (normalized) when `readFile` is injected.
   */
  realpath?: (path: string) => string;
  /**
   * The scenario's text, already read (`sim run -` reads standard input): `file` is then only the
   * name messages show, and the files it names resolve against the current folder.
   */
  text?: string;
  /** `--seed`: wins over `spec.seed`. */
  seedOverride?: number;
  /** YAML values allowed in all the scenario's files together; tests lower it (default MAX_YAML_VALUES). */
  maxYamlValues?: number;
}

/** The outcome of loading: a trusted Scenario, or every problem found (warnings too, formatted). */
export type LoadResult =
  | { ok: true; scenario: Scenario }
  | { ok: false; errors: ScenarioError[]; warnings: string[] };

const SIM_API_VERSION = "jobsim.dev/v1alpha1";

/** Load, default and validate the scenario at `file` (the path as the user gave it). */
export function loadScenario(file: string, options: LoadOptions = {}): LoadResult {
  return loadScenarioDocuments(file, options).result;
}

/**
 * A scenario's documents as parsed, before the checks that make a Scenario: what a sweep's grid
 * point changes and checks again (checkScenarioDocuments) without reading or parsing any file.
 */
export interface ScenarioDocuments {
  file: string;
  sha256: string;
  /** The Simulation document. */
  simulation: YValue;
  /** Job and CronJob documents: inline first, then `spec.manifests` in listed order. */
  manifests: readonly ManifestDoc[];
  /** Reads a data file named in the scenario; a file read once is not read again. */
  readRelative: ReadRelative;
  seedOverride: number | undefined;
}

/** A Job or CronJob document, as classify found it. */
export interface ManifestDoc {
  kind: ObjectKind;
  v: YValue;
  /** The namespace a Kustomization of the file's folder sets (it wins over the manifest's). */
  namespace?: string;
}

/** loadScenario's result, with the parsed documents when they were all read (even if invalid). */
export function loadScenarioDocuments(
  file: string,
  options: LoadOptions = {},
): { result: LoadResult; documents: ScenarioDocuments | null } {
  const injected = options.readFile !== undefined;
  const access: FileAccess = {
    readFile: options.readFile ?? readRegularFile,
    readDir: options.readDir ?? (injected ? () => null : fsReadDir),
    realpath: options.realpath ?? (injected ? posix.normalize : (p: string) => realpathSync.native(p)),
  };
  const diag = new Diagnostics();
  const r = new Reader(diag);

  const opened =
    options.text === undefined
      ? ScenarioFiles.open(file, access)
      : ScenarioFiles.fromText(options.text, access);
  if ("error" in opened) {
    diag.error({ file, line: 1, column: 1 }, "", opened.error);
    return { result: failure(diag), documents: null };
  }
  const { files, text } = opened;
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  // Every read goes to the files (their limits count each one); grid points reuse the results.
  const dataRead = new Map<string, ReturnType<ReadRelative>>();
  const readRelative: ReadRelative = (fromFile, rel) => {
    const read = files.readData(fromFile, rel);
    dataRead.set(`${fromFile}\u0000${rel}`, read);
    return read;
  };
  const readAgain: ReadRelative = (fromFile, rel) =>
    dataRead.get(`${fromFile}\u0000${rel}`) ?? readRelative(fromFile, rel);

  const sims: YValue[] = [];
  const inline: ManifestDoc[] = [];
  const errorsBefore = diag.errorCount;
  const budget = newValueBudget(options.maxYamlValues);
  const docs = parseYamlFile(file, text, diag, budget);
  const yamlFailed = diag.errorCount > errorsBefore;
  // A file with no jobsim document is not a scenario (perhaps not even the user's): say only
  // that, rather than messages that quote its values.
  if (docs.some((d) => isJobsimDocument(d.root))) {
    for (const doc of docs) classify(r, doc.root, sims, inline, true);
  }

  let sim: SimulationDocument | undefined;
  if (sims.length === 0) {
    // A YAML error (too deep, a syntax error) is the real reason no Simulation was found.
    if (!yamlFailed)
      diag.error(
        { file, line: 1, column: 1 },
        "",
        `expected one Simulation document (apiVersion: ${SIM_API_VERSION}, kind: Simulation), found none`,
      );
  } else {
    const first = sims[0]!.location();
    for (const extra of sims.slice(1)) {
      r.error(
        extra.get("kind"),
        `a second Simulation document: a scenario has exactly one (the first is at line ${first.line})`,
      );
    }
    sim = readSimulation(r, sims[0]!, { seedOverride: options.seedOverride, readRelative });
  }

  // Each manifest is checked as soon as it is classified, while its document's nodes are at hand
  // (a document of plain block YAML makes them again when they are dropped).
  const checker = new ManifestChecker(r, sim);
  for (const m of inline) checker.add(m);
  const fromFiles = readManifestsFiles(r, file, sim?.manifests ?? [], files, budget, (m) => checker.add(m));
  const manifests = [...inline, ...fromFiles];
  const documents: ScenarioDocuments | null =
    sims[0] === undefined
      ? null
      : {
          file,
          sha256,
          simulation: sims[0],
          manifests,
          readRelative: readAgain,
          seedOverride: options.seedOverride,
        };
  const checked = checker.finish();
  if (sim === undefined || documents === null) return { result: failure(diag), documents };
  const scenario = checkDocuments(r, documents, sim, checked);
  return { result: scenario === undefined ? failure(diag) : { ok: true, scenario }, documents };
}

/**
 * Check `documents` as loadScenario does once it has read them, from the YAML trees alone (a
 * grid point's documents: some replaced by changed copies). Problems go to `diag`.
 */
export function checkScenarioDocuments(
  documents: ScenarioDocuments,
  diag: Diagnostics,
): Scenario | undefined {
  const r = new Reader(diag);
  const sim = readSimulation(r, documents.simulation, {
    seedOverride: documents.seedOverride,
    readRelative: documents.readRelative,
  });
  return checkDocuments(r, documents, sim, checkManifests(r, documents.manifests, sim));
}

interface CheckedManifests {
  jobs: JobManifest[];
  /** Each Job's document (same order as jobs). */
  jobSites: YValue[];
  cronJobs: CronJobManifest[];
}

/**
 * Read and default the manifests with the Simulation's feature gates (all on without one); no
 * duplicates, no Jobs a CronJob of the scenario owns.
 */
function checkManifests(
  r: Reader,
  manifests: readonly ManifestDoc[],
  sim: SimulationDocument | undefined,
): CheckedManifests {
  const checker = new ManifestChecker(r, sim);
  for (const m of manifests) checker.add(m);
  return checker.finish();
}

/** checkManifests one manifest at a time, in the order of the scenario's manifests. */
class ManifestChecker {
  private readonly gates: FeatureGates;
  private readonly jobs: JobManifest[] = [];
  private readonly jobSites: YValue[] = [];
  private readonly cronJobs: CronJobManifest[] = [];
  /** The first manifest of each kind, namespace and name. */
  private readonly defined = new Map<string, ManifestDoc>();
  /** The Job documents that carry a status (see warnJobStatuses). */
  private readonly withStatus = new Set<YValue>();
  /** Pod specs written the same way in several Jobs, read once. */
  private readonly shared = new SharedManifestParts();

  constructor(
    private readonly r: Reader,
    private readonly sim: SimulationDocument | undefined,
  ) {
    this.gates = sim?.spec.controller.featureGates ?? { ...defaultFeatureGates };
  }

  add(m: ManifestDoc): void {
    const { r, gates, sim } = this;
    const diag = r.diag;
    const manifest =
      m.kind === "Job"
        ? readJobManifest(diag, m.v, gates, this.shared)
        : readCronJobManifest(diag, m.v, gates);
    if (manifest === undefined) return;
    if (m.namespace !== undefined) manifest.metadata.namespace = m.namespace;
    if (manifest.kind === "CronJob" && manifest.imported !== undefined && sim !== undefined)
      checkImportedTimes(diag, m.v, manifest.imported, sim.spec.start);
    const key = objectKey(m.kind, manifest.metadata.namespace, manifest.metadata.name);
    const earlier = this.defined.get(key);
    if (earlier !== undefined) {
      const at = earlier.v.get("metadata").get("name").location();
      r.error(
        m.v.get("metadata").get("name"),
        `duplicate ${m.kind} ${manifest.metadata.namespace}/${manifest.metadata.name}: already defined at ${at.file}:${at.line}:${at.column}`,
      );
      return;
    }
    this.defined.set(key, m);
    if (manifest.kind === "Job") {
      this.jobs.push(manifest);
      this.jobSites.push(m.v);
      if (carriesStatus(m.v)) this.withStatus.add(m.v);
    } else this.cronJobs.push(manifest);
  }

  finish(): CheckedManifests {
    const { r, jobs, jobSites, cronJobs } = this;
    dropJobsOwnedByCronJobs(r, jobs, jobSites, cronJobs);
    warnJobStatuses(r, jobs, jobSites, this.withStatus);
    return { jobs, jobSites, cronJobs };
  }
}

/** Check the Simulation and the manifests against each other; the Scenario when nothing was wrong. */
function checkDocuments(
  r: Reader,
  documents: ScenarioDocuments,
  sim: SimulationDocument,
  { jobs, jobSites, cronJobs }: CheckedManifests,
): Scenario | undefined {
  checkActions(r, sim, jobs, cronJobs);
  checkWorkloads(r, sim, jobs, cronJobs);
  checkDependencies(r, sim, jobs, jobSites);
  checkArrivals(r, sim, jobs, jobSites);
  if (r.diag.errorCount > 0) return undefined;
  return {
    file: documents.file,
    sha256: documents.sha256,
    simulation: sim.spec,
    jobs,
    cronJobs,
    warnings: r.diag.warnings().map((w) => w.format()),
    ...(sim.sweep === null ? {} : { sweep: { points: gridSize(sim.sweep.axes), seeds: sim.sweep.seeds } }),
  };
}

function failure(diag: Diagnostics): LoadResult {
  return { ok: false, errors: diag.errors(), warnings: diag.warnings().map((w) => w.format()) };
}

/**
 * The real file system's readDir: folders and links to folders get a trailing "/". Reads the
 * folder entry by entry and stops after `maxEntries` + 1, so a huge folder costs no more.
 */
function fsReadDir(path: string, maxEntries: number): string[] | null {
  try {
    if (!statSync(path).isDirectory()) return null;
  } catch {
    return null; // reading it as a file reports the problem with its path
  }
  const dir = opendirSync(path);
  const names: string[] = [];
  try {
    for (let e = dir.readSync(); e !== null && names.length <= maxEntries; e = dir.readSync()) {
      names.push(
        e.isDirectory() || (e.isSymbolicLink() && isFolder(join(path, e.name))) ? `${e.name}/` : e.name,
      );
    }
  } finally {
    dir.closeSync();
  }
  return names;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True for a mapping whose apiVersion is jobsim's (whatever its kind or version). */
function isJobsimDocument(v: YValue): boolean {
  const apiVersion = v.get("apiVersion").scalar;
  return typeof apiVersion === "string" && apiVersion.startsWith("jobsim.dev/");
}

/**
 * Read the files `spec.manifests` names, in listed order. A `kustomization.yaml` in a folder sets
 * the namespace of the manifests read from that folder and below it (the outermost one wins,
 * as Kustomize applies a parent's namespace last); files with no Kubernetes object (Helm
 * `values.yaml`, `Chart.yaml`: documents without a kind) are skipped with one warning.
 */
function readManifestsFiles(
  r: Reader,
  file: string,
  entries: SimulationDocument["manifests"],
  files: ScenarioFiles,
  budget: ValueBudget,
  /** Called with each manifest as it is found (its namespace set). */
  onManifest: (m: ManifestDoc) => void,
): ManifestDoc[] {
  const parsed: { site: YValue; file: NamedFile; docs: YValue[] }[] = [];
  /** Real folder of each kustomization (with a namespace) → that namespace. */
  const namespaces = new Map<string, string>();
  for (const entry of entries) {
    const found = files.manifestFiles(file, entry.path);
    for (const error of found.errors) r.error(entry.site, error);
    if (found.files.length === 0 && found.errors.length === 0)
      r.warn(entry.site, `no .yaml or .yml files under ${posix.join(posix.dirname(file), entry.path)}`);
    for (const f of found.files) {
      const read = files.readManifest(f);
      if ("error" in read) {
        r.error(entry.site, read.error);
        continue;
      }
      const docs = parseYamlFile(f.path, read.text, r.diag, budget).map((d) => d.root);
      if (
        isKustomizationFile(posix.basename(f.path)) &&
        docs.length === 1 &&
        isKustomizationDocument(docs[0]!)
      ) {
        const { namespace } = readKustomization(r.diag, docs[0]!);
        if (namespace !== null) namespaces.set(posix.dirname(f.real), namespace);
        continue;
      }
      parsed.push({ site: entry.site, file: f, docs });
    }
  }
  const out: ManifestDoc[] = [];
  const foreign: { site: YValue; path: string }[] = [];
  for (const { site, file: f, docs } of parsed) {
    const simsThere: YValue[] = [];
    const namespace = kustomizedNamespace(namespaces, posix.dirname(f.real));
    let skipped = false;
    for (const doc of docs) {
      if (!isKubernetesObject(doc)) {
        skipped = true;
        continue;
      }
      const before = out.length;
      classify(r, doc, simsThere, out, true);
      for (let i = before; i < out.length; i++) {
        if (namespace !== undefined) out[i]!.namespace = namespace;
        onManifest(out[i]!);
      }
    }
    if (skipped) foreign.push({ site, path: f.path });
    for (const s of simsThere) {
      r.error(s.get("kind"), "a Simulation document belongs in the scenario file, not in spec.manifests");
    }
  }
  if (foreign.length > 0) {
    const n = foreign.length;
    r.warn(
      foreign[0]!.site,
      `skipped ${n} file${n === 1 ? "" : "s"} of spec.manifests holding documents that are no Kubernetes object (no kind, as in a Helm values.yaml): ${firstFew(foreign.map((x) => x.path))}`,
    );
  }
  return out;
}

/** A document with a kind (a mapping); anything else in a manifests file is not Kubernetes'. */
function isKubernetesObject(v: YValue): boolean {
  return v.kind === "map" && !v.get("kind").isUnset;
}

/** The namespace of the outermost kustomization at or above `folder` (real paths), if any. */
function kustomizedNamespace(namespaces: ReadonlyMap<string, string>, folder: string): string | undefined {
  let found: string | undefined;
  for (let dir = folder; ; dir = posix.dirname(dir)) {
    found = namespaces.get(dir) ?? found;
    if (posix.dirname(dir) === dir) return found;
  }
}

/** Sort one document (or a List's items) into the Simulation, Job/CronJob manifests, or skipped kinds. */
function classify(r: Reader, v: YValue, sims: YValue[], out: ManifestDoc[], topLevel: boolean): void {
  if (v.kind !== "map") {
    // The kind of value only: a file that is not a manifest may be anything.
    r.error(
      v,
      `expected a Kubernetes manifest or the Simulation document (a mapping), got ${v.kind === "scalar" ? "a single value" : v.describe()}`,
    );
    return;
  }
  const apiV = v.get("apiVersion");
  const kindV = v.get("kind");
  const apiVersion = apiV.scalar;
  const kind = kindV.scalar;
  if (typeof kind !== "string") {
    r.error(kindV, `expected a kind such as Job or CronJob, got ${kindV.describe()}`);
    return;
  }
  if (typeof apiVersion !== "string") {
    r.error(apiV, `expected an apiVersion such as batch/v1, got ${apiV.describe()}`);
    return;
  }
  if (kind === "List" && apiVersion === "v1") {
    const items = v.get("items");
    if (r.seq(items)) for (const item of items.items()) classify(r, item, sims, out, false);
    return;
  }
  if (apiVersion.startsWith("jobsim.dev/")) {
    if (kind !== "Simulation") {
      const near = suggest(kind, ["Simulation"]);
      r.error(
        kindV,
        `unknown kind for ${apiVersion}${near === null ? ", expected Simulation" : `, did you mean "${near}"?`}`,
      );
    } else if (apiVersion !== SIM_API_VERSION) {
      r.error(apiV, `expected ${SIM_API_VERSION}, got ${apiV.describe()}`);
    } else if (!topLevel) {
      r.error(kindV, "the Simulation document cannot be a List item");
    } else sims.push(v);
    return;
  }
  if (kind === "Job" || kind === "CronJob") {
    if (apiVersion !== "batch/v1") {
      r.error(apiV, `no matches for kind "${kind}" in version "${apiVersion}": jobsim simulates batch/v1`);
      return;
    }
    out.push({ kind, v });
    return;
  }
  const name = v.get("metadata").get("name").scalar;
  r.diag.warn(
    v.location(),
    "",
    `skipping ${apiVersion} ${kind}${typeof name === "string" ? ` ${name}` : ""}: jobsim simulates batch/v1 Job and CronJob only`,
  );
}

function objectKey(kind: ObjectKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Actions may only touch objects that exist at their time: declared, or created by an earlier action. */
function checkActions(
  r: Reader,
  sim: SimulationDocument,
  jobs: JobManifest[],
  cronJobs: CronJobManifest[],
): void {
  const live = new Set<string>();
  for (const m of [...jobs, ...cronJobs]) live.add(objectKey(m.kind, m.metadata.namespace, m.metadata.name));
  sim.spec.actions.forEach((action, i) => {
    const site = sim.actionSites[i]!;
    if (action.kind === "create") {
      const { kind, metadata } = action.manifest;
      const key = objectKey(kind, metadata.namespace, metadata.name);
      if (live.has(key)) {
        r.error(
          site.get("create").get("metadata").get("name"),
          `${kind} ${metadata.namespace}/${metadata.name} already exists at ${formatInstant(action.at)}`,
        );
      }
      live.add(key);
      return;
    }
    // Pods and nodes come and go with the run: a missing one is a run warning, not a load error.
    if (action.kind !== "patch" && action.kind !== "delete") return;
    const { kind, namespace, name } = action.target;
    const key = objectKey(kind, namespace, name);
    if (!live.has(key)) {
      r.error(
        site.get(action.kind).get("name"),
        `no ${kind} ${namespace}/${name} at ${formatInstant(action.at)}: not in the scenario's manifests and not created by an earlier action`,
      );
    }
    if (action.kind === "delete") live.delete(key);
  });
}

/**
 * Warn about workloads that can never match, and per-index scripts on Jobs without indexes;
 * reject a `failure.container` that a Job the workload names by name does not have.
 */
function checkWorkloads(
  r: Reader,
  sim: SimulationDocument,
  jobs: JobManifest[],
  cronJobs: CronJobManifest[],
): void {
  const created = sim.spec.actions.flatMap((a) => (a.kind === "create" ? [a.manifest] : []));
  const allJobs = [...jobs, ...created.filter((m): m is JobManifest => m.kind === "Job")];
  const allCronJobs = [...cronJobs, ...created.filter((m): m is CronJobManifest => m.kind === "CronJob")];
  sim.spec.workloads.forEach((w, i) => {
    const site = sim.workloadSites[i]!;
    const matchV = site.get("match");
    let modes: string[] = [];
    /** Container names of each matched Job's (or CronJob's Job's) pod template. */
    let containers: string[][] = [];
    if (w.match.job !== null) {
      const found = allJobs.filter((j) => j.metadata.name === w.match.job);
      containers = found.map((j) => j.spec.template.spec.containers.map((c) => c.name));
      if (found.length === 0)
        r.warn(
          matchV.get("job"),
          `matches no Job: no Job named ${JSON.stringify(w.match.job)} in the scenario`,
        );
      modes = found.map((j) => j.spec.completionMode);
    }
    if (w.match.cronJob !== null) {
      const found = allCronJobs.filter((c) => c.metadata.name === w.match.cronJob);
      if (found.length === 0) {
        r.warn(
          matchV.get("cronJob"),
          `matches no CronJob: no CronJob named ${JSON.stringify(w.match.cronJob)} in the scenario`,
        );
      }
      modes = [...modes, ...found.map((c) => c.spec.jobTemplate.spec.completionMode)];
      containers = [
        ...containers,
        ...found.map((c) => c.spec.jobTemplate.spec.template.spec.containers.map((x) => x.name)),
      ];
    }
    // A failure on a container the pods do not have would never reach a containerName rule.
    const failing = w.failure?.container ?? null;
    const missing = containers.filter((names) => failing !== null && !names.includes(failing));
    if (missing.length > 0) {
      r.error(
        site.get("failure").get("container"),
        `expected a container of the matched Jobs' pod template (${[...new Set(missing.flat())].join(", ")}), got ${JSON.stringify(failing)}`,
      );
    }
    if (w.scriptByIndex.size > 0 && modes.length > 0 && modes.every((m) => m === "NonIndexed")) {
      r.warn(
        site.get("scriptByIndex"),
        "the matched Jobs are NonIndexed: scriptByIndex applies to Indexed Jobs only and is ignored",
      );
    }
  });
}
