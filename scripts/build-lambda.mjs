// Bundles the Lambda handler with its playbooks embedded, and the stack's
// variable resolver. Invalid playbooks fail the build, never a cold start.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const { main } = await import('../dist/cli.js');
if ((await main(['validate', 'playbooks'])) !== 0) {
  process.stderr.write('build-lambda: invalid playbooks, nothing bundled\n');
  process.exit(1);
}

async function playbookFiles(dir) {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? playbookFiles(join(dir, e.name))
        : /\.ya?ml$/i.test(e.name) && !/\.test\.ya?ml$/i.test(e.name)
          ? [join(dir, e.name)]
          : [],
    ),
  );
  return nested.flat();
}

const embedPlaybooks = {
  name: 'parry-playbooks',
  setup(b) {
    b.onResolve({ filter: /^parry:playbooks$/ }, () => ({ path: 'playbooks', namespace: 'parry' }));
    b.onLoad({ filter: /.*/, namespace: 'parry' }, async () => {
      const files = await playbookFiles('playbooks');
      const sources = await Promise.all(
        files.map(async (f) => ({ file: relative('.', f), text: await readFile(f, 'utf8') })),
      );
      return {
        contents: `export const PLAYBOOKS = ${JSON.stringify(sources)};`,
        loader: 'js',
        watchFiles: files,
      };
    });
  },
};

const result = await build({
  entryPoints: { respond: 'functions/respond.ts' },
  outdir: 'dist/lambda',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  keepNames: true,
  sourcemap: true,
  metafile: true,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [embedPlaybooks],
  logLevel: 'warning',
});

await build({
  entryPoints: ['src/stack/serverless-vars.ts'],
  outfile: 'dist/stack.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.mjs'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
process.stdout.write(
  `build-lambda: dist/lambda (${(bytes / 1024).toFixed(0)} KiB of JavaScript)\n`,
);
