import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ACTIONS = ['disable-access-key', 'revoke-sessions', 'quarantine-user'];
const folder = (action: string) => new URL(`../../../src/actions/${action}/`, import.meta.url);

/** Every module of the three actions but execute.ts, which alone may load the SDK. */
const planSideModules = ACTIONS.flatMap((action) =>
  readdirSync(folder(action))
    .filter((file) => file.endsWith('.ts') && file !== 'execute.ts')
    .map((file) => [`${action}/${file}`, new URL(file, folder(action))] as const),
);

describe('IAM actions load the SDK only when they run', () => {
  it.each(planSideModules)('%s imports no @aws-sdk module', (_name, url) => {
    expect(readFileSync(url, 'utf8')).not.toMatch(/from '@aws-sdk\//);
  });

  it.each(ACTIONS)('%s/behaviour.ts imports execute.js only when execute is called', (action) => {
    const behaviour = readFileSync(new URL('behaviour.ts', folder(action)), 'utf8');

    expect(behaviour).toContain("() => import('./execute.js')");
    expect(behaviour).not.toMatch(/from '\.\/execute\.js'/);
  });
});
