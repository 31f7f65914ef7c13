/**
 * The `yaml` library's Parser.next and Composer.next read `process.env.LOG_TOKENS` and
 * `process.env.LOG_STREAM` once per token, to log tokens when asked. Node's `process.env` asks
 * the operating system's environment on every read (about 0.3 us), which made those reads a
 * third of the time of parsing a large manifests file. While `fn` runs, `process.env` is a
 * plain object holding just those two variables as they are, so the library behaves the same
 * (its debug logging included) at the cost of a property read. `fn` must be synchronous and
 * must not need any other environment variable; the real `process.env` is back when it returns.
 */
export function withYamlDebugEnv<T>(fn: () => T): T {
  const env = process.env;
  const plain: NodeJS.ProcessEnv = {};
  for (const name of ["LOG_TOKENS", "LOG_STREAM"]) {
    const value = env[name];
    if (value !== undefined) plain[name] = value;
  }
  process.env = plain;
  try {
    return fn();
  } finally {
    process.env = env;
  }
}
