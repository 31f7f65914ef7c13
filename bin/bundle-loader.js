// Loading the bundled CLI (dist/bundle/main.cjs, built by scripts/bundle-cli.mjs) with V8's code
// cache: Node 20 has no compile cache for modules (module.enableCompileCache comes with 22.1),
// so the bundle is one CommonJS script compiled through vm.Script, which accepts the bytecode
// V8 produced for the same script at build time (dist/bundle/main.cjs.cache). Starting a small
// command is then mostly running code, not parsing and compiling a megabyte of it.
//
// The cache only ever saves compiling: V8 refuses bytecode of another V8 version, other flags or
// a source of another length, and this loader offers it only to the build it was made for (the
// bundle's last line names its build, a hash of its content, and so does the cache's first line).
// A refused or missing cache means compiling as without one, never different behaviour.
//
// CommonJS, as bin/sim.js is (bin/package.json): see there.
const { readFileSync } = require("node:fs");
const module_ = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");

/** The line scripts/bundle-cli.mjs ends the bundle with: `// jobsim-build <hex>`. */
const BUILD_LINE = /\n\/\/ jobsim-build ([0-9a-f]+)\n$/;

/** The header line of a cache file for `source`: its build and the Node that made the cache. */
function headerOf(source) {
  const build = BUILD_LINE.exec(source.slice(-100))?.[1];
  return build === undefined ? undefined : JSON.stringify({ build, node: process.version });
}

/** The V8 data of `cacheFile` when it was made for `source`, else undefined. */
function readCache(source, cacheFile) {
  const header = headerOf(source);
  if (header === undefined) return undefined;
  let data;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const end = data.indexOf(0x0a);
  if (end < 0 || data.toString("utf8", 0, end) !== header) return undefined;
  return data.subarray(end + 1);
}

/**
 * Compile and run the CommonJS bundle `bundleFile`, with the code cache `cacheFile` when it fits.
 * Returns the bundle's exports, and the compiled script (for {@link codeCacheOf}).
 */
function loadBundle(bundleFile, cacheFile) {
  const source = readFileSync(bundleFile, "utf8");
  const cachedData = cacheFile === undefined ? undefined : readCache(source, cacheFile);
  const script = new vm.Script(module_.wrap(source), {
    filename: bundleFile,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const exports = {};
  const bundleModule = { exports };
  script.runInThisContext()(
    exports,
    module_.createRequire(bundleFile),
    bundleModule,
    bundleFile,
    dirname(bundleFile),
  );
  return { exports: bundleModule.exports, script, source };
}

/**
 * The code cache of `script` (compiled from `source` by {@link loadBundle}) as the bytes of a
 * cache file: taken after the script has run, it holds the functions compiled so far too.
 */
function codeCacheOf(source, script) {
  const header = headerOf(source);
  if (header === undefined) throw new Error("the bundle does not end with its jobsim-build line");
  return Buffer.concat([Buffer.from(`${header}\n`), script.createCachedData()]);
}

exports.loadBundle = loadBundle;
exports.codeCacheOf = codeCacheOf;
