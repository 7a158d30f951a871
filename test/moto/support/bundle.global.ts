import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { motoUnavailable } from './moto.js';

/** The suite's playbooks, bundled into the handler as `npm run build` bundles `playbooks/`. */
export const E2E_PLAYBOOKS = 'test/moto/playbooks';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled handler's `respond.mjs`, or '' when the suite is skipped. */
    lambdaBundle: string;
  }
}

/** A Lambda bundle of one's own, and what removes it. */
export interface LambdaBundle {
  /** Its `respond.mjs`. */
  respond: string;
  dispose(): void;
}

/**
 * The real Lambda bundle (scripts/build-lambda.mjs, as `npm run build` runs it)
 * with the playbooks of `playbooksDir` embedded, in a temporary folder.
 * @example const { respond, dispose } = await buildLambdaBundle('test/moto/playbooks')
 */
export async function buildLambdaBundle(playbooksDir: string): Promise<LambdaBundle> {
  const out = mkdtempSync(join(tmpdir(), 'parry-e2e-lambda-'));
  await promisify(execFile)(process.execPath, ['scripts/build-lambda.mjs'], {
    env: { ...process.env, PARRY_BUILD_PLAYBOOKS: playbooksDir, PARRY_BUILD_OUTDIR: out },
  });
  return {
    respond: join(out, 'respond.mjs'),
    dispose: () => rmSync(out, { recursive: true, force: true }),
  };
}

/**
 * Once per `npm run test:e2e`: the real Lambda bundle (scripts/build-lambda.mjs,
 * as `npm run build` runs it) with the suite's playbooks embedded, in a folder
 * of its own.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (motoUnavailable()) {
    project.provide('lambdaBundle', '');
    return () => {};
  }
  const bundle = await buildLambdaBundle(E2E_PLAYBOOKS);
  project.provide('lambdaBundle', bundle.respond);
  return bundle.dispose;
}
