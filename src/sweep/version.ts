/** jobsim's own version, from package.json: partial results of different versions never merge. */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The `version` of jobsim's package.json (the same file from src/ and from dist/). */
export function jobsimVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    cached = pkg.version;
  }
  return cached;
}
