// Bundles the stack's variable resolver, then the Lambda handler with its playbooks embedded.
// The playbooks embedded are exactly those validate lists and checks (one list: dotfiles are
// skipped everywhere); invalid ones fail the build, never a cold start.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

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

// The end-to-end suite bundles its own playbooks into a folder of its own (test/moto/support/bundle.global.ts).
const PLAYBOOKS_DIR = process.env.PARRY_BUILD_PLAYBOOKS ?? 'playbooks';
const LAMBDA_OUTDIR = process.env.PARRY_BUILD_OUTDIR ?? 'dist/lambda';

const { bundleSources } = createRequire(import.meta.url)('../dist/stack.cjs');
const { sources, errors, skipped } = await bundleSources(PLAYBOOKS_DIR);
for (const error of errors) process.stderr.write(`${error.message}\n`);
if (errors.length > 0) {
  process.stderr.write(`build-lambda: ${errors.length} playbook problem(s), nothing bundled\n`);
  process.exit(1);
}
for (const path of skipped) process.stderr.write(`build-lambda: skipped hidden ${path}\n`);

const embedPlaybooks = {
  name: 'parry-playbooks',
  setup(b) {
    b.onResolve({ filter: /^parry:playbooks$/ }, () => ({ path: 'playbooks', namespace: 'parry' }));
    b.onLoad({ filter: /.*/, namespace: 'parry' }, () => ({
      contents: `export const PLAYBOOKS = ${JSON.stringify(sources)};`,
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: { respond: 'functions/respond.ts' },
  outdir: LAMBDA_OUTDIR,
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

// `osls invoke local` loads the handler with require(), which cannot load respond.mjs; Lambda
// never loads this file, because its runtime tries .mjs before .cjs
// (aws/aws-lambda-nodejs-runtime-interface-client, src/UserFunction.js, _tryRequire).
await writeFile(
  `${LAMBDA_OUTDIR}/respond.cjs`,
  "// For `osls invoke local` only (see scripts/build-lambda.mjs).\nexports.handler = async (event, context) => (await import('./respond.mjs')).handler(event, context);\n",
);

const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.mjs'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
process.stdout.write(
  `build-lambda: ${sources.length} playbook(s), ${LAMBDA_OUTDIR} (${(bytes / 1024).toFixed(0)} KiB of JavaScript)\n`,
);
