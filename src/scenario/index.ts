/** Scenario loading: the public surface of src/scenario. */

export { KNOWN_FEATURE_GATES } from "../k8s/feature-gates.js";
export { CONTROLLER_UID_PLACEHOLDER, withControllerUid } from "../k8s/job-factory.js";
export {
  isKnownTimeZone,
  MAX_CRONJOB_NAME,
  timeZoneProblem,
  validateScheduleSyntax,
} from "./cronjob-manifest.js";
export { readDistribution, readDuration, readInstant, samplesFromCsv, Z99 } from "./durations.js";
export { Diagnostics, ScenarioError, type SourceLocation } from "./errors.js";
export { countIndexes } from "./job-manifest.js";
export { parseQuantity } from "./k8s-fields.js";
export { type LoadOptions, type LoadResult, loadScenario } from "./load.js";
export { SIMULATION_DEFAULTS } from "./simulation-document.js";
export type * from "./types.js";
export { parseYamlFile, YValue } from "./yaml-source.js";
