import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The backtest's worker bundled from the sources, as `npm run build` bundles it into
 * dist/backtest-worker.js: worker threads load plain JavaScript, not the TypeScript tests run on.
 */
export async function buildBacktestWorker(): Promise<string> {
  // Inside the project, so that its packages resolve (ESM ignores NODE_PATH).
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outfile = join(mkdtempSync(join(cache, 'parry-worker-')), 'backtest-worker.mjs');
  await build({
    entryPoints: ['src/backtest/worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
