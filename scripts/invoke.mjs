// Runs the real bundled handler locally on an event file, with a fake context.
// Plan mode (no AWS at all) unless --execute is given. It bundles first, so it always
// runs the playbooks (and code) on disk, never those of the last build.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const args = process.argv.slice(2);
const execute = args.includes('--execute');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length !== 1) {
  process.stderr.write('usage: npm run invoke -- <event file> [--execute]\n');
  process.exit(2);
}
if (!execute) process.env.PARRY_PLAN_ONLY = 'true';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'Parry';
process.env.POWERTOOLS_DEV ??= 'true';

let event;
try {
  event = JSON.parse(await readFile(files[0], 'utf8'));
} catch (error) {
  process.stderr.write(`invoke: cannot read ${files[0]} as JSON: ${error.message}\n`);
  process.exit(1);
}

// The build's own lines go to stderr: stdout is the handler's summary.
const built = spawnSync(process.execPath, ['scripts/build-lambda.mjs'], {
  stdio: ['ignore', 2, 2],
});
if (built.status !== 0) {
  process.stderr.write('invoke: the playbooks on disk do not build, nothing invoked\n');
  process.exit(1);
}

const started = performance.now();
const { handler } = await import('../dist/lambda/respond.mjs');
const loaded = performance.now();
const context = {
  functionName: 'parry-local-respond',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:parry-local-respond',
  memoryLimitInMB: '512',
  awsRequestId: `local-${Date.now()}`,
  logGroupName: '/aws/lambda/parry-local-respond',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
};
try {
  const result = await handler(event, context);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(
    `invoke: ${execute ? 'executed' : 'planned only'}; cold module load ${(loaded - started).toFixed(0)} ms\n`,
  );
} catch (error) {
  process.stderr.write(
    `invoke: the invocation failed (Lambda would retry it): ${error.name}: ${error.message}\n`,
  );
  process.exit(1);
}
