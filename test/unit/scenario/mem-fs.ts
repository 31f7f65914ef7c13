/** In-memory files for loadScenario tests: `readFile`/`readDir` over a path → text map. */
import type { LoadOptions, LoadResult } from "../../../src/scenario/load.js";
import { loadScenario } from "../../../src/scenario/load.js";

export function memFs(files: Record<string, string>): Required<Pick<LoadOptions, "readFile" | "readDir">> {
  return {
    readFile(path) {
      const text = files[path];
      if (text === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: "ENOENT",
        });
      }
      return text;
    },
    readDir(path) {
      if (path in files) return null;
      const prefix = path.endsWith("/") ? path : `${path}/`;
      const names = new Set<string>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf("/");
        names.add(slash < 0 ? rest : `${rest.slice(0, slash + 1)}`);
      }
      return names.size === 0 ? null : [...names];
    },
  };
}

/** The Simulation document's header; tests append `spec:` lines. */
export const SIM_HEAD = "apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\nmetadata:\n  name: t\n";

/** A minimal valid Job document named `name`. */
export function jobDoc(name: string, extraSpec = ""): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${extraSpec}  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
`;
}

/** Load `text` as `scenarios/test.yaml`, with optional other files. */
export function load(text: string, others: Record<string, string> = {}, seedOverride?: number): LoadResult {
  const fs = memFs({ "scenarios/test.yaml": text, ...others });
  return loadScenario("scenarios/test.yaml", seedOverride === undefined ? fs : { ...fs, seedOverride });
}

/** The formatted errors of a load that must fail. */
export function errorsOf(result: LoadResult): string[] {
  if (result.ok) throw new Error("expected errors, the scenario loaded");
  return result.errors.map((e) => e.format());
}

/** The scenario of a load that must succeed (the errors in the failure message otherwise). */
export function scenarioOf(result: LoadResult) {
  if (!result.ok)
    throw new Error(`expected success, got:\n${result.errors.map((e) => e.format()).join("\n")}`);
  return result.scenario;
}
