/**
 * What a bare `-` argument becomes before yargs parses the command line: yargs reads `-` as an
 * empty group of short flags (the positional turns into ""). A NUL cannot occur in a real
 * argument, so this stands for `-` unambiguously; {@link dash} turns it back for other values.
 */
export const STDIN_ARG = "\u0000-";

/** An option's value as typed: the `-` that STDIN_ARG stands for restored. */
export function dash<T>(value: T): T | string {
  return value === STDIN_ARG ? "-" : value;
}
