/**
 * The 100,000-manifest scenario of issue 16, written at bench time rather than checked in
 * (about 30 MiB): a Simulation document naming a folder of manifests files holding `count`
 * one-pod Jobs, each a small Job of 27 YAML values (the scenario's limit of 3,000,000 values
 * admits 100,000 of them) with its own name and the same pod template.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Jobs per manifests file: 20,000 of them are about 6.5 MiB, well under the 32 MiB a file may have. */
const JOBS_PER_FILE = 20_000;

/** Writes `<folder>/scenario.yaml` and `<folder>/jobs/*.yaml`; returns the scenario's path. */
export function writeManifestsScenario(folder: string, count: number): string {
  mkdirSync(join(folder, "jobs"), { recursive: true });
  const scenario = [
    "# Benchmark: one-pod Jobs from a manifests file (test/bench/manifests-scenario.ts).",
    "apiVersion: jobsim.dev/v1alpha1",
    "kind: Simulation",
    "metadata:",
    "  name: bench-manifests",
    "spec:",
    "  seed: 1",
    '  start: "2026-01-01T00:00:00Z"',
    "  horizon: 2d",
    "  manifests: [jobs/]",
    "  cluster:",
    "    capacity: {pods: 2000}",
    "  workloads:",
    "    - match: {}",
    "      duration: 2m",
    "",
  ].join("\n");
  writeFileSync(join(folder, "scenario.yaml"), scenario);
  for (let first = 0; first < count; first += JOBS_PER_FILE) {
    const last = Math.min(count, first + JOBS_PER_FILE);
    writeFileSync(
      join(folder, "jobs", `jobs-${String(first).padStart(6, "0")}.yaml`),
      jobManifests(first, last),
    );
  }
  return join(folder, "scenario.yaml");
}

/** Job manifests number `first` to `last - 1`, as one multi-document YAML text. */
function jobManifests(first: number, last: number): string {
  const parts: string[] = [];
  for (let i = first; i < last; i++) {
    const name = `batch-${String(i).padStart(6, "0")}`;
    parts.push(
      [
        "---",
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata:",
        `  name: ${name}`,
        "spec:",
        "  backoffLimit: 2",
        "  template:",
        "    spec:",
        "      restartPolicy: Never",
        "      containers:",
        "        - name: worker",
        "          image: registry.example.com/ingest/worker:2.4.1",
        "          resources:",
        "            requests: {cpu: 250m, memory: 256Mi}",
        "",
      ].join("\n"),
    );
  }
  return parts.join("");
}
