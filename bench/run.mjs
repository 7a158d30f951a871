// `npm run bench [-- matcher engine replay cold-start --quick]`: builds the
// Lambda and CLI bundles if they are missing, bundles the TypeScript benchmarks into
// dist/bench.mjs (no TypeScript loader needed), then runs them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
process.chdir(root);

if (!existsSync('dist/lambda/respond.mjs') || !existsSync('dist/cli.js')) {
  process.stdout.write('bench: dist/ is incomplete, running npm run build\n');
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

await build({
  entryPoints: ['bench/main.ts'],
  outfile: 'dist/bench.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// No --enable-source-maps: it makes every Error's stack costly and would skew the figures.
const run = spawnSync(process.execPath, ['dist/bench.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
