/**
 * A `kustomization.yaml` met in a `spec.manifests` folder. jobsim applies only its `namespace:`
 * (Kustomize's namespace transformer: every object of the folder, and of the folders below it,
 * gets that namespace); the rest of Kustomize (patches, name prefixes, generators, remote
 * resources) is not applied, and a warning names what was left out.
 */
import { type Diagnostics, k8sError } from "./errors.js";
import { dns1123LabelProblems, fieldError, readStr } from "./k8s-fields.js";
import type { YValue } from "./yaml-source.js";

/** The file names Kustomize reads in a folder that jobsim's walk sees (.yaml and .yml only). */
const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml"];

/** Fields jobsim reads, or that change nothing jobsim would do differently. */
const HONOURED = new Set(["apiVersion", "kind", "metadata", "namespace", "resources"]);

/** What a kustomization contributes: the namespace it sets, if any. */
export interface Kustomization {
  namespace: string | null;
}

/** True when `fileName` (a base name) is one Kustomize reads as its kustomization. */
export function isKustomizationFile(fileName: string): boolean {
  return KUSTOMIZATION_FILES.includes(fileName);
}

/**
 * True when a document of a kustomization file is the Kustomization (Kustomize lets apiVersion
 * and kind be left out).
 */
export function isKustomizationDocument(v: YValue): boolean {
  if (v.kind !== "map") return false;
  const kind = v.get("kind");
  return kind.isUnset || kind.scalar === "Kustomization";
}

/** Read the Kustomization: its namespace (checked as the API server checks a namespace). */
export function readKustomization(d: Diagnostics, v: YValue): Kustomization {
  const nsV = v.get("namespace");
  const namespace = readStr(d, nsV);
  const problems = namespace === null ? [] : dns1123LabelProblems(namespace);
  for (const p of problems) fieldError(d, nsV, k8sError.invalid(namespace, p));
  const ignored = v
    .entries()
    .map(({ key }) => key)
    .filter((key) => !HONOURED.has(key));
  // Resources inside the folder are read anyway (the walk reads every YAML file); others are not.
  const outside = v
    .get("resources")
    .items()
    .map((item) => item.scalar)
    .filter(
      (p): p is string =>
        typeof p === "string" && (p.includes("://") || p.startsWith("../") || p.startsWith("/")),
    );
  const parts: string[] = [];
  if (ignored.length > 0) parts.push(`ignored: ${ignored.join(", ")}`);
  if (outside.length > 0) parts.push(`resources outside this folder are not read: ${outside.join(", ")}`);
  if (parts.length > 0) {
    d.warn(
      v.location(),
      "",
      `jobsim applies only the namespace of a Kustomization (and reads every YAML file of its folder); ${parts.join("; ")}`,
    );
  }
  return { namespace: problems.length > 0 ? null : namespace };
}
