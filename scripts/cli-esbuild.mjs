// The esbuild options of the CLI bundle, in one place: scripts/build-cli.mjs builds dist/ with
// them, and test/backtest/worker-graph.test.ts checks what the backtest's workers load.
import { englishOnlyZod } from './zod-english-only.mjs';

/**
 * Packages stay in node_modules, but for the two that every command loads: zod and yaml, one
 * file each once bundled, where node would resolve and compile 95 files of zod alone (about
 * 35 ms, in the main thread and again in each backtest worker).
 */
const BUNDLED = /^(zod|yaml)(\/|$)/;
const otherPackagesExternal = {
  name: 'other-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

export const CLI_ESBUILD_OPTIONS = {
  // The backtest's worker threads load their own entry.
  entryPoints: { cli: 'src/cli/main.ts', 'backtest-worker': 'src/backtest/worker.ts' },
  outdir: 'dist',
  bundle: true,
  // Split, so that each AWS SDK client loads only when `replay --execute` runs an action that
  // needs it.
  splitting: true,
  chunkNames: 'cli-chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  // yaml is CommonJS: bundled into ESM, its require() of node's modules needs a require.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [englishOnlyZod, otherPackagesExternal],
  sourcemap: true,
  logLevel: 'warning',
};
