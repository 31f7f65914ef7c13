/**
 * What a `sim` command gives back: text on its two outputs and an exit code. Its own module so
 * that main.ts and the command modules it loads on demand share it without importing each other.
 */
import type { InputStream } from "../io/read-stdin.js";

/** Exit codes of the report contract. */
export const EXIT_OK = 0;
export const EXIT_THRESHOLD_BREACHED = 1;
export const EXIT_INTERNAL = 1;
export const EXIT_USER_ERROR = 2;

/** Where the CLI writes (and `sim run -` reads); tests capture it. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, for a scenario named `-`; default the process's. */
  stdin?: InputStream;
}

/** `--format`: the terminal table (`text`) or markdown (`md`). */
export type OutputFormat = "text" | "md";
