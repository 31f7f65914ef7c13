import { describe, expect, it } from "vitest";
import { errorsOf, load, SIM_HEAD, scenarioOf } from "./mem-fs.js";

/** A Job document with the given annotations lines (each `key: value`). */
function job(name: string, annotations: string[] = []): string {
  const meta =
    annotations.length === 0 ? "" : `  annotations:\n${annotations.map((a) => `    ${a}\n`).join("")}`;
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
${meta}spec:
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
}

const scenario = (...jobs: string[]) => [SIM_HEAD, ...jobs].join("---\n");
const DEP = "jobsim.dev/depends-on";
const RULE = "jobsim.dev/trigger-rule";
const PATH = `metadata.annotations["${DEP}"]`;

describe("dependency annotations", () => {
  it("accepts a pipeline with trigger rules", () => {
    const s = scenarioOf(
      load(
        scenario(
          job("extract"),
          job("transform", [`${DEP}: extract`]),
          job("load", [`${DEP}: "extract, transform"`, `${RULE}: all-done`]),
        ),
      ),
    );
    expect(s.jobs.map((j) => j.metadata.name)).toEqual(["extract", "transform", "load"]);
  });

  it("names an unknown dependency at the annotation's value, with a suggestion", () => {
    // SIM_HEAD is lines 1-4, `---` line 5, the first Job lines 6-11, the second from line 13.
    expect(errorsOf(load(scenario(job("extract"), job("transform", [`${DEP}: extrakt`]))))).toEqual([
      `scenarios/test.yaml:18:28 ${PATH}: no Job named "extrakt" in namespace default among the scenario's manifests; did you mean "extract"?`,
    ]);
  });

  it("rejects a self-dependency, duplicates and empty names", () => {
    expect(errorsOf(load(scenario(job("a", [`${DEP}: a`]))))).toEqual([
      `scenarios/test.yaml:11:28 ${PATH}: a Job cannot depend on itself (a)`,
    ]);
    expect(errorsOf(load(scenario(job("a"), job("b", [`${DEP}: "a,a"`]))))).toEqual([
      `scenarios/test.yaml:18:28 ${PATH}: lists a twice`,
    ]);
    expect(errorsOf(load(scenario(job("a"), job("b", [`${DEP}: "a,"`]))))).toEqual([
      `scenarios/test.yaml:18:28 ${PATH}: expected comma-separated Job names such as "extract,transform", got "a,"`,
    ]);
  });

  it("names a cycle from the Job declared first, at its annotation", () => {
    expect(
      errorsOf(
        load(
          scenario(
            job("extract", [`${DEP}: load`]),
            job("transform", [`${DEP}: extract`]),
            job("load", [`${DEP}: transform`]),
          ),
        ),
      ),
    ).toEqual([
      `scenarios/test.yaml:11:28 ${PATH}: dependency cycle extract -> load -> transform -> extract`,
    ]);
  });

  it("rejects an unknown trigger rule, and warns about a rule without dependencies", () => {
    expect(errorsOf(load(scenario(job("a"), job("b", [`${DEP}: a`, `${RULE}: all-succeded`]))))).toEqual([
      `scenarios/test.yaml:19:30 metadata.annotations["${RULE}"]: expected one of all-succeeded, all-done, any-failed, got "all-succeded"; did you mean "all-succeeded"?`,
    ]);
    const ok = load(scenario(job("a", [`${RULE}: all-done`])));
    expect(scenarioOf(ok).warnings).toEqual([
      `scenarios/test.yaml:11:30 metadata.annotations["${RULE}"]: has no effect without the ${DEP} annotation`,
    ]);
  });

  it("only relates Jobs of the same namespace", () => {
    const other = job("a").replace("  name: a\n", "  name: a\n  namespace: other\n");
    expect(errorsOf(load(scenario(other, job("b", [`${DEP}: a`]))))).toEqual([
      `scenarios/test.yaml:19:28 ${PATH}: no Job named "a" in namespace default among the scenario's manifests; did you mean "b"?`,
    ]);
  });
});
