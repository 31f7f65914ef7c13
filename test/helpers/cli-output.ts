import type { Output } from "../../src/cli/main.js";

/** Captures what the CLI prints, for assertions. */
export function captureOutput(): Output & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}
