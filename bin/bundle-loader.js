// Loading the bundled CLI (dist/bundle/main.cjs, built by scripts/bundle-cli.mjs) with V8's code
// cache: Node 20 has no compile cache for modules (module.enableCompileCache comes with 22.1),
// so the bundle is one CommonJS script compiled through vm.Script, which accepts the bytecode
// V8 produced for the same script at build time (dist/bundle/main.cjs.cache). Starting a small
// command is then mostly running code, not parsing and compiling a megabyte of it.
//
// The cache only ever saves compiling: V8 refuses bytecode of another V8 version, other flags or
// a source of another length, and this loader refuses a cache written for another build of the
// bundle (its header names the bundle's size and modification time). A refused or missing cache
// means compiling as without one, never different behaviour.
import { readFileSync, statSync } from "node:fs";
import module from "node:module";
import { dirname } from "node:path";
import vm from "node:vm";

/** The header line of a cache file: which bundle it was made from, by which Node. */
function headerOf(bundleFile) {
  const stat = statSync(bundleFile);
  return JSON.stringify({ bundle: { size: stat.size, mtimeMs: stat.mtimeMs }, node: process.version });
}

/** The V8 data of `cacheFile` when it was made from `bundleFile` as it is now, else undefined. */
function readCache(bundleFile, cacheFile) {
  let data;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const end = data.indexOf(0x0a);
  if (end < 0 || data.toString("utf8", 0, end) !== headerOf(bundleFile)) return undefined;
  return data.subarray(end + 1);
}

/**
 * Compile and run the CommonJS bundle `bundleFile`, with the code cache `cacheFile` when it fits.
 * Returns the bundle's exports, and the compiled script (for {@link writeCodeCache}).
 */
export function loadBundle(bundleFile, cacheFile) {
  const cachedData = cacheFile === undefined ? undefined : readCache(bundleFile, cacheFile);
  const source = readFileSync(bundleFile, "utf8");
  const script = new vm.Script(module.wrap(source), {
    filename: bundleFile,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const exports = {};
  const bundleModule = { exports };
  script.runInThisContext()(
    exports,
    module.createRequire(bundleFile),
    bundleModule,
    bundleFile,
    dirname(bundleFile),
  );
  return { exports: bundleModule.exports, script };
}

/**
 * The code cache of `script` (loaded from `bundleFile` by {@link loadBundle}) as the bytes of a
 * cache file: taken after the script has run, it holds the functions compiled so far too.
 */
export function codeCacheOf(bundleFile, script) {
  return Buffer.concat([Buffer.from(`${headerOf(bundleFile)}\n`), script.createCachedData()]);
}
