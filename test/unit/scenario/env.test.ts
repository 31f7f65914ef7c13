import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../src/scenario/load.js";

describe("container env in manifests", () => {
  it("keeps env values and valueFrom sources as written", () => {
    const result = loadScenario("scenarios/work-queue.yaml");
    if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join("\n"));
    expect(result.scenario.jobs[0]!.spec.template.spec.containers[0]!.env).toEqual([
      { name: "BROKER_URL", value: "amqp://rabbitmq-service:5672", valueFrom: null },
      { name: "QUEUE", value: "job1", valueFrom: null },
    ]);
  });

  it("requires a name, with a located error", () => {
    const text = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          env:
            - {value: x}
`;
    const result = loadScenario("t.yaml", { readFile: () => text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.format())).toEqual([
      "t.yaml:15:15 spec.template.spec.containers[0].env[0].name: Required value",
    ]);
  });
});
