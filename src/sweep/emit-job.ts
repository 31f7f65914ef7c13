/**
 * `sim sweep --emit-job`: the sweep as an Indexed Job that Kubernetes runs, one shard per
 * completion index (`--shard auto/N` reads JOB_COMPLETION_INDEX), every pod writing its partial
 * into one shared volume; and `--emit-merge-job`: the Job that merges those partials afterwards.
 * Both are printed as YAML text built here, so the bytes are fixed by the options alone (a
 * shipped scenario pastes them, and a test holds it to what this prints).
 */

/** What the emitted Jobs need. */
export interface EmitJobOptions {
  /** The scenario's metadata.name: names the Job and the result folders. */
  name: string;
  /** The scenario path as given, relative to the volume's root (the pods' working directory). */
  scenario: string;
  /** The sweep's own flags, forwarded to every shard (seeds, --set, --outcome, --max-events). */
  sweepArgs: string[];
  /** Completions: the number of shards. */
  shards: number;
  parallelism: number;
  image: string;
  /** The PersistentVolumeClaim mounted at /work in every pod (ReadWriteMany for several nodes). */
  pvc: string;
}

/** Where the volume is mounted and the pods work; jobsim is expected at `jobsim/` in it. */
export const WORK_DIR = "/work";
export const DEFAULTS = { image: "node:20", pvc: "jobsim-work", shards: 10 } as const;

/** A YAML flow scalar that reads back as exactly `text` (double-quoted when plain would not). */
function scalar(text: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./=-]*$/.test(text) &&
    !/^(true|false|null|yes|no|on|off|~|[0-9.+-].*)$/i.test(text)
    ? text
    : JSON.stringify(text);
}

/** A word of a POSIX shell command line, single-quoted when it needs to be. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function list(items: readonly string[]): string {
  return `[${items.map(scalar).join(", ")}]`;
}

/** Job names: at most 63 characters, and the Indexed Job's pods add `-<index>-<suffix>`. */
function jobName(name: string, suffix: string): string {
  return `${name.slice(0, 52 - suffix.length).replace(/[-.]+$/, "")}${suffix}`;
}

/** The folder the shards share for their partials, relative to the volume. */
export function shardsFolder(name: string): string {
  return `results/${name}-sweep-shards`;
}

function jobYaml(
  o: EmitJobOptions,
  job: string,
  lead: string[],
  spec: string[],
  command: string[],
  component: string,
): string {
  return [
    ...lead.flatMap((l) => l.split("\n")).map((l) => (l === "" ? "#" : `# ${l}`)),
    "apiVersion: batch/v1",
    "kind: Job",
    "metadata:",
    `  name: ${job}`,
    `  labels: {app.kubernetes.io/name: jobsim, app.kubernetes.io/component: ${component}}`,
    "spec:",
    ...spec.map((l) => `  ${l}`),
    "  template:",
    "    metadata:",
    `      labels: {app.kubernetes.io/name: jobsim, app.kubernetes.io/component: ${component}}`,
    "    spec:",
    "      restartPolicy: Never",
    "      containers:",
    "        - name: jobsim",
    `          image: ${scalar(o.image)}`,
    `          workingDir: ${WORK_DIR}`,
    `          command: ${list(command)}`,
    "          resources:",
    '            requests: {cpu: "1", memory: 1Gi}',
    `          volumeMounts: [{name: work, mountPath: ${WORK_DIR}}]`,
    `      volumes: [{name: work, persistentVolumeClaim: {claimName: ${scalar(o.pvc)}}}]`,
    "",
  ].join("\n");
}

/** The Indexed Job running the sweep's shards. */
export function emitSweepJob(o: EmitJobOptions): string {
  const job = jobName(o.name, "-sweep");
  const out = shardsFolder(o.name);
  const command = [
    "node",
    "jobsim/bin/sim.js",
    "sweep",
    o.scenario,
    ...o.sweepArgs,
    "--shard",
    `auto/${o.shards}`,
    "--workers",
    "1",
    "--out",
    out,
    "--quiet",
    "--no-progress",
  ];
  const lead = [
    `The sweep of ${o.name} as an Indexed Job (jobsim sim sweep --emit-job): completion index I runs`,
    `shard I of ${o.shards} and writes ${out}/sweep-partial-I-of-${o.shards}.json on the volume.`,
    `The PersistentVolumeClaim ${o.pvc} (ReadWriteMany) holds jobsim at ${WORK_DIR}/jobsim (npm ci done)`,
    `and the scenario at ${WORK_DIR}/${o.scenario}. A shard that fails is retried twice, on its own;\nan evicted one without limit.`,
    "When the Job is Complete, merge the partials (the same sweep flags, --emit-merge-job):",
    `  kubectl wait --for=condition=Complete job/${job} --timeout=24h`,
    `  sim sweep ${[o.scenario, ...o.sweepArgs].map(shellWord).join(" ")} --emit-merge-job | kubectl apply -f -`,
  ];
  const spec = [
    "completionMode: Indexed",
    `completions: ${o.shards}`,
    `parallelism: ${o.parallelism}`,
    "backoffLimitPerIndex: 2",
    "podFailurePolicy:",
    "  rules:",
    "    # A pod evicted (node drained, spot reclaimed) is run again without spending a retry.",
    "    - {action: Ignore, onPodConditions: [{type: DisruptionTarget}]}",
  ];
  return jobYaml(o, job, lead, spec, command, "sweep");
}

/** The Job merging the shards' partials into the sweep's files, once they are all written. */
export function emitMergeJob(o: EmitJobOptions): string {
  const job = jobName(o.name, "-sweep-merge");
  const command = [
    "node",
    "jobsim/bin/sim.js",
    "merge",
    shardsFolder(o.name),
    "--out",
    `results/${o.name}-sweep`,
    "--quiet",
  ];
  const lead = [
    `Merges the ${o.shards} partials of the sweep of ${o.name} into ${WORK_DIR}/results/${o.name}-sweep/`,
    "(sweep.json, sweep.csv, runs.csv, report.html): the bytes a one-machine sweep writes.",
  ];
  return jobYaml(o, job, lead, ["backoffLimit: 0"], command, "merge");
}
