/**
 * Raw input: random bytes (not even UTF-8), and strings stitched from YAML and scenario tokens,
 * which reach deeper into the parser and the loader than uniform noise does.
 */
import fc from "fast-check";
import type { FuzzCase } from "./cli-contract.js";

const TOKENS = [
  "apiVersion: ",
  "jobsim.dev/v1alpha1",
  "batch/v1",
  "kind: ",
  "Simulation",
  "Job",
  "CronJob",
  "List",
  "items:",
  "metadata:",
  "name: x",
  "spec:",
  "horizon: 1h",
  "template:",
  "\n",
  "\n  ",
  "\n    ",
  "---\n",
  "...\n",
  "- ",
  ": ",
  "{",
  "}",
  "[",
  "]",
  ",",
  "&a ",
  "*a",
  "<<: *a",
  "!!binary ",
  "!!map ",
  "!custom ",
  "%YAML 1.1\n",
  "? ",
  "|",
  ">-",
  "#",
  '"',
  "'",
  "\t",
  "\r",
  "\u0000",
  "\ufeff",
  "\u2028",
  "1e400",
  "-1",
  ".nan",
  "~",
];

export const rawBytes: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ text: bytes, checkDeterminism: false })),
  fc
    .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
    .map((tokens) => ({ text: tokens.join(""), checkDeterminism: false })),
);
