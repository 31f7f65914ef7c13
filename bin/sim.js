#!/usr/bin/env node
// The `sim` command. Runs the built CLI from dist/ (built by `npm ci` through the "prepare"
// script) when it is at least as new as every source file: the bundle (dist/bundle/main.cjs with
// its code cache, quickest to start; bin/bundle-loader.js), else the compiled modules; otherwise
// runs the TypeScript sources through tsx, so an edit is never shadowed by a stale build.
//
// CommonJS (bin/package.json): an ES module entry point makes Node set up its ES module loader
// before the first line runs, a few milliseconds of every command; the bundle is CommonJS too.
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
const { loadBundle } = require("./bundle-loader.js");

// A closed pipe (`sim run ... | head`) ends the command quietly, as other CLIs do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const root = join(__dirname, "..");
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
/** The CLI's main function, from the newest build that is fresh, else from the sources. */
async function loadMain() {
  if (fresh(bundle)) return loadBundle(bundle, `${bundle}.cache`).exports.main;
  if (fresh(compiled)) return (await import(pathToFileURL(compiled).href)).main;
  const { register } = await import("tsx/esm/api");
  register();
  return (await import(pathToFileURL(join(sources, "cli", "main.ts")).href)).main;
}

loadMain()
  .then((main) => main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
