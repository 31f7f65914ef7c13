import { describe, expect, it } from "vitest";
import { timeZoneProblem, validateScheduleSyntax } from "../../../src/scenario/cronjob-manifest.js";
import { errorsOf, load, SIM_HEAD, scenarioOf } from "./mem-fs.js";

function cronJob(name: string, specLines: string): string {
  return `${SIM_HEAD}---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
${specLines}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: main}]
`;
}

describe("CronJob defaulting and validation", () => {
  it("applies the defaults", () => {
    const c = scenarioOf(load(cronJob("nightly", '  schedule: "0 2 * * *"\n'))).cronJobs[0]!;
    const { jobTemplate, ...rest } = c.spec;
    expect(rest).toEqual({
      schedule: "0 2 * * *",
      timeZone: null,
      startingDeadlineSeconds: null,
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(jobTemplate.spec.backoffLimit).toBe(6);
    expect(jobTemplate.spec.selector).toEqual({ matchLabels: {} });
    expect(jobTemplate.spec.template.metadata.labels).toEqual({});
  });

  it("limits the name to 52 characters", () => {
    const name = "a".repeat(53);
    expect(errorsOf(load(cronJob(name, '  schedule: "@daily"\n')))).toEqual([
      `scenarios/test.yaml:9:9 metadata.name: Invalid value: "${name}": must be no more than 52 characters`,
    ]);
    expect(scenarioOf(load(cronJob("a".repeat(52), '  schedule: "@daily"\n'))).cronJobs).toHaveLength(1);
  });

  it("refuses TZ= in the schedule, six fields, and a missing schedule", () => {
    expect(errorsOf(load(cronJob("n", '  schedule: "TZ=UTC 0 * * * *"\n')))).toEqual([
      'scenarios/test.yaml:11:13 spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(errorsOf(load(cronJob("n", '  schedule: "0 0 0 * * *"\n')))).toEqual([
      'scenarios/test.yaml:11:13 spec.schedule: Invalid value: "0 0 0 * * *": expected exactly 5 fields, found 6: [0 0 0 * * *]',
    ]);
    expect(errorsOf(load(cronJob("n", "")))).toEqual([
      "scenarios/test.yaml:10:1 spec.schedule: Required value",
    ]);
  });

  it("validates timeZone, concurrencyPolicy and the history limits", () => {
    const spec =
      '  schedule: "@hourly"\n  timeZone: Local\n  concurrencyPolicy: Sometimes\n  failedJobsHistoryLimit: -1\n';
    expect(errorsOf(load(cronJob("n", spec)))).toEqual([
      'scenarios/test.yaml:12:13 spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      'scenarios/test.yaml:13:22 spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      "scenarios/test.yaml:14:27 spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("refuses a selector in the job template", () => {
    const text = cronJob("n", '  schedule: "@hourly"\n').replace(
      "    spec:\n      template",
      "    spec:\n      selector: {matchLabels: {a: b}}\n      template",
    );
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:14:17 spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
    ]);
  });

  it("reads a CronJob whose template is invalid as a Job spec, with the template's path", () => {
    const text = cronJob("n", '  schedule: "@hourly"\n').replace("OnFailure", "Always");
    expect(errorsOf(load(text))).toEqual([
      'scenarios/test.yaml:16:26 spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });
});

describe("validateScheduleSyntax (robfig/cron ParseStandard)", () => {
  it.each([
    "0 0 13 * 5",
    "0 0 */2 * 1",
    "*/7 * * * *",
    "5/20 * * * *",
    "*/15 9-17/4 * JAN-mar MON-fri",
    "0 0 29 2 *",
    "0 0 ? * ?",
    "@every 90s",
    "@every 1500ms",
    "@every -5m",
    "@weekly",
    "59 23 31 2 *",
    "TZ=Europe/Berlin 0 9 * * *",
  ])("accepts %s", (spec) => {
    expect(validateScheduleSyntax(spec)).toBeNull();
  });

  it.each([
    ["0 0 * * 7", "end of range (7) above maximum (6): 7"],
    ["0 0 L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ["0 0 * * 1#2", 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
    ["0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]"],
    ["0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["5-3 * * * *", "beginning of range (5) beyond end of range (3): 5-3"],
    ["@reboot", "unrecognized descriptor: @reboot"],
    ["TZ=Bad/Zone 0 9 * * *", "provided bad location Bad/Zone: unknown time zone Bad/Zone"],
  ])("rejects %s", (spec, message) => {
    expect(validateScheduleSyntax(spec)).toBe(message);
  });

  it("checks time zones as the API server does", () => {
    expect(timeZoneProblem("America/New_York")).toBeNull();
    expect(timeZoneProblem("broken")).toBe("unknown time zone broken");
    expect(timeZoneProblem("../etc")).toBe("unknown time zone ../etc");
    expect(timeZoneProblem("")).toBe("timeZone must be nil or non-empty string");
  });
});
