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
  const out = mkdtempSync(join(tmpdir(), 'parry-e2e-lambda-'));
  await promisify(execFile)(process.execPath, ['scripts/build-lambda.mjs'], {
    env: { ...process.env, PARRY_BUILD_PLAYBOOKS: E2E_PLAYBOOKS, PARRY_BUILD_OUTDIR: out },
  });
  project.provide('lambdaBundle', join(out, 'respond.mjs'));
  return () => rmSync(out, { recursive: true, force: true });
}
