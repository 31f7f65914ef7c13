// `npm run build` (after tsc): the CLI as a few bundled files in dist/bundle/, which bin/sim.js
// prefers when they are at least as new as every source. Node then reads and compiles one
// large file instead of resolving some two hundred modules (yargs, yaml and jobsim's own),
// which was most of a small command's time. The sources under src/ stay the truth: the bundle
// is only ever built from them. The sweep worker is a second entry point, so a worker thread
// started from the bundle finds `./worker.js` beside the code that starts it.
import { build } from "esbuild";

await build({
  entryPoints: { main: "src/cli/main.ts", worker: "src/sweep/worker.ts" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Some dependencies are CommonJS and require() Node's modules: give the ES module a require.
  banner: {
    js: 'import { createRequire as __jobsimCreateRequire } from "node:module"; const require = __jobsimCreateRequire(import.meta.url);',
  },
  // Less to read and parse at start-up; names kept, so stack traces (JOBSIM_DEBUG=1) stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
});
