// The esbuild options of the CLI bundle, in one place: scripts/build-cli.mjs builds dist/ with
// them, and test/backtest/worker-graph.test.ts checks what the backtest's workers load.
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
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};
