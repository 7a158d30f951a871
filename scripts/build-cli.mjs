// Bundles the CLI into dist/cli.js so `npx parry` starts without a TypeScript loader.
// Split, so that each AWS SDK client loads only when `replay --execute` runs an action that needs it.
import { build } from 'esbuild';

await build({
  // The backtest's worker threads load their own entry.
  entryPoints: { cli: 'src/cli/main.ts', 'backtest-worker': 'src/backtest/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'cli-chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
