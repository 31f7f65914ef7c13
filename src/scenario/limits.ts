/**
 * How much a scenario may make jobsim read and parse. Every limit is far above what a real
 * scenario or deploy folder needs, and low enough that a hostile file is refused in about a
 * second instead of taking minutes, gigabytes or the call stack. README ("Limits") lists them.
 */
import { MAX_INPUT_FILE_BYTES } from "../io/read-regular-file.js";

/** Any one file a scenario names that is not YAML (an empirical CSV). */
export const MAX_DATA_FILE_BYTES = MAX_INPUT_FILE_BYTES;

/**
 * One YAML file: the scenario or a manifests file. A `kubectl get jobs -o yaml` dump or a
 * generated file of 100,000 small Job manifests is about 27 MiB; the value limit below, not
 * this one, is what bounds the parser's time and memory.
 */
export const MAX_YAML_FILE_BYTES = 32 * 1024 * 1024;

/** Every file of one scenario together: the scenario, its manifests and its data files. */
export const MAX_SCENARIO_BYTES = MAX_INPUT_FILE_BYTES;

/** Files and folders that the walks of spec.manifests may look at, all entries together. */
export const MAX_MANIFEST_ENTRIES = 10_000;

/**
 * Values (scalars, aliases, flow collections, list items) in all the YAML files of one scenario
 * together. A small Job manifest has about 30, so this admits some 100,000 of them (a workload
 * jobsim is meant to run). The parser holds up to ~1 KB per value while it works, so this, not
 * the size in bytes, bounds its time and memory: a hostile file of tiny values stops here at a
 * few GB and tens of seconds instead of running out of memory.
 */
export const MAX_YAML_VALUES = 3_000_000;

/** Mappings and lists inside one another (a Job's deepest field is about 15 levels down). */
export const MAX_YAML_DEPTH = 100;

/** Keys of one mapping (labels, exit codes and scriptByIndex are the widest in practice). */
export const MAX_YAML_KEYS = 10_000;

/** Values that aliases (`*name`) may add to one document when they are expanded. */
export const MAX_YAML_ALIAS_EXPANSION = 100_000;

/** `n` bytes as the limits are written: `4 MiB`. */
export function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
