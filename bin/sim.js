#!/usr/bin/env node
// The `sim` command. Runs the built CLI from dist/ (built by `npm ci` through the "prepare"
// script) when it is at least as new as every source file: the bundle (dist/bundle/main.cjs with
// its code cache, quickest to start; bin/bundle-loader.js), else the compiled modules; otherwise
// runs the TypeScript sources through tsx, so an edit is never shadowed by a stale build.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadBundle } from "./bundle-loader.js";

// A closed pipe (`sim run ... | head`) ends the command quietly, as other CLIs do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "bundle", "main.cjs");
const compiled = join(root, "dist", "cli", "main.js");

// Paths joined by hand: path.join's normalising, run a few hundred times before the JIT warms
// up, cost several times the stat calls themselves.
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const mtime = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

const sources = join(root, "src");
const newest = existsSync(sources) ? newestSource(sources) : 0;
const fresh = (file) => existsSync(file) && statSync(file).mtimeMs >= newest;
let main;
if (fresh(bundle)) {
  ({ main } = loadBundle(bundle, `${bundle}.cache`).exports);
} else if (fresh(compiled)) {
  ({ main } = await import(pathToFileURL(compiled).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(pathToFileURL(join(sources, "cli", "main.ts")).href));
}
process.exitCode = await main(process.argv.slice(2));
