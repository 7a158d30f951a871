// The cold-start baseline: a generated entry that imports and constructs the five SDK clients
// parry's actions use most (EC2, IAM, SNS, EventBridge, STS), eagerly, bundled with the very
// esbuild options of the Lambda build (scripts/lambda-esbuild.mjs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../scripts/lambda-esbuild.mjs';
import { ROOT } from './data.js';

const CLIENTS = [
  ['@aws-sdk/client-ec2', 'EC2Client'],
  ['@aws-sdk/client-iam', 'IAMClient'],
  ['@aws-sdk/client-sns', 'SNSClient'],
  ['@aws-sdk/client-eventbridge', 'EventBridgeClient'],
  ['@aws-sdk/client-sts', 'STSClient'],
] as const;

const DIR = join(ROOT, 'dist', 'bench-eager');

/** Builds the eager bundle; returns its entry (`eager.mjs`). */
export async function buildEagerSdk(): Promise<string> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const entry = join(DIR, 'entry.mjs');
  writeFileSync(
    entry,
    [
      ...CLIENTS.map(([pkg, name]) => `import { ${name} } from '${pkg}';`),
      `export const clients = [${CLIENTS.map(([, name]) => `new ${name}({ region: 'us-east-1' })`).join(', ')}];`,
      'export const handler = undefined;',
    ].join('\n'),
  );
  await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    entryPoints: { eager: entry },
    outdir: join(DIR, 'out'),
    absWorkingDir: ROOT,
  });
  return join(DIR, 'out', 'eager.mjs');
}
