// Bundles the stack's variable resolver, then the Lambda handler with its playbooks embedded.
// The playbooks embedded are exactly those validate lists and checks (one list: dotfiles are
// skipped everywhere); invalid ones fail the build, never a cold start. They are embedded as
// the JSON of their validated form (src/playbook/bundle.ts): the Lambda loads no YAML parser
// and no schema for them.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from './lambda-esbuild.mjs';
import { mergeColdStart } from './lambda-merge.mjs';

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

const { bundlePlaybooks } = createRequire(import.meta.url)('../dist/stack.cjs');
const { playbooks, errors, skipped } = await bundlePlaybooks(PLAYBOOKS_DIR);
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
      // JSON.parse of a string is quicker to load than the same object literal.
      contents: `export const PLAYBOOKS = JSON.parse(${JSON.stringify(JSON.stringify(playbooks))});`,
      loader: 'js',
    }));
  },
};

// esbuild writes to a scratch folder; mergeColdStart writes LAMBDA_OUTDIR afresh (chunks of an
// earlier build would be packaged too: serverless.yml takes dist/lambda/**).
const scratch = await mkdtemp(join(tmpdir(), 'parry-lambda-'));
await build({
  entryPoints: { respond: 'functions/respond.ts' },
  outdir: scratch,
  ...LAMBDA_ESBUILD_OPTIONS,
  plugins: [...LAMBDA_ESBUILD_OPTIONS.plugins, embedPlaybooks],
});
await mergeColdStart({ fromDir: scratch, toDir: LAMBDA_OUTDIR, entryName: 'respond' });
await rm(scratch, { recursive: true, force: true });

// `osls invoke local` loads the handler with require(), which cannot load respond.mjs; Lambda
// never loads this file, because its runtime tries .mjs before .cjs
// (aws/aws-lambda-nodejs-runtime-interface-client, src/UserFunction.js, _tryRequire).
await writeFile(
  `${LAMBDA_OUTDIR}/respond.cjs`,
  "// For `osls invoke local` only (see scripts/build-lambda.mjs).\nexports.handler = async (event, context) => (await import('./respond.mjs')).handler(event, context);\n",
);

let bytes = 0;
for (const f of await readdir(LAMBDA_OUTDIR, { recursive: true })) {
  if (f.endsWith('.mjs')) bytes += (await stat(join(LAMBDA_OUTDIR, f))).size;
}
process.stdout.write(
  `build-lambda: ${playbooks.length} playbook(s), ${LAMBDA_OUTDIR} (${(bytes / 1024).toFixed(0)} KiB of JavaScript)\n`,
);
