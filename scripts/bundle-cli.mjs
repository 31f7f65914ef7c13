// `npm run build` (after tsc): the CLI as one bundled script, dist/bundle/main.cjs, which bin/sim.js
// prefers when it is at least as new as every source. Node then reads one file instead of
// resolving some two hundred modules (yargs, yaml and jobsim's own), and, through the code cache
// made here (dist/bundle/main.cjs.cache, see bin/bundle-loader.js), compiles almost none of it:
// that was most of a small command's time. It is CommonJS because Node 20 takes a code cache only
// for a script (vm.Script), not for an ES module. The sources under src/ stay the truth: the
// bundle is only ever built from them. The sweep worker is a second bundle, worker.js, beside
// main.cjs, where a worker thread started from the bundle finds it.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

const OUT = "dist/bundle";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  // Less to read and parse at start-up; names kept, so stack traces (JOBSIM_DEBUG=1) stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
};

/**
 * Every `import stringWidth from "string-width"` (yargs, cliui, wrap-ansi: ES modules) gets the
 * importer's own copy behind the printable-ASCII fast path of scripts/ascii-string-width.mjs;
 * the copy is require()d, so the bundle runs its module (and builds its Intl.Segmenter) only on
 * the first text outside printable ASCII.
 */
const asciiStringWidth = {
  name: "ascii-string-width",
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) => {
      if (args.kind !== "import-statement") return undefined;
      const real = createRequire(args.importer).resolve("string-width");
      return { path: real, namespace: "ascii-string-width" };
    });
    b.onLoad({ filter: /.*/, namespace: "ascii-string-width" }, (args) => ({
      contents: `import { withAsciiFastPath } from ${JSON.stringify(resolve("scripts/ascii-string-width.mjs"))};
export default withAsciiFastPath(() => require(${JSON.stringify(args.path)}).default);`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

// Chunks and files of earlier builds would linger beside the new ones.
rmSync(OUT, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  outfile: `${OUT}/main.cjs`,
  format: "cjs",
  // import.meta.url (where the sweep worker and package.json are found) is the bundle's own URL.
  define: { "import.meta.url": "__jobsimBundleUrl" },
  banner: { js: 'var __jobsimBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [asciiStringWidth],
});

await build({
  ...common,
  entryPoints: ["src/sweep/worker.ts"],
  outfile: `${OUT}/worker.js`,
  format: "esm",
  // Some dependencies are CommonJS and require() Node's modules: give the ES module a require.
  banner: {
    js: 'import { createRequire as __jobsimCreateRequire } from "node:module"; const require = __jobsimCreateRequire(import.meta.url);',
  },
});

// The bundle's last line names its build (bin/bundle-loader.js offers a cache to its build only).
const buildId = createHash("sha256").update(readFileSync(`${OUT}/main.cjs`)).digest("hex").slice(0, 16);
appendFileSync(`${OUT}/main.cjs`, `// jobsim-build ${buildId}\n`);

// The code cache, made by a plain `node` (V8 takes a cache only under the flags it was made with).
const trained = spawnSync(process.execPath, ["scripts/train-code-cache.mjs", `${OUT}/main.cjs`], {
  stdio: "inherit",
});
if (trained.status !== 0) process.exitCode = trained.status ?? 1;
