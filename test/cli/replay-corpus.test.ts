import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const present = existsSync(corpus);
if (!present)
  console.warn(`skipped: ${corpus} not found (the shared corpus lives beside the project)`);

describe.skipIf(!present)('parry replay over the public corpus', () => {
  it('goes through every file without crashing, and gives a reason for each input it cannot use', async () => {
    const run = await runCli(['replay', corpus, '--json']);
    expect(run.err).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(run.out) as {
      events: { source: string; error?: string; playbooks: unknown[] }[];
      summary: { unusable: number; events: number; skippedReadOnly: number };
    };
    expect(doc.summary.events).toBeGreaterThan(600);
    for (const e of doc.events.filter((x) => x.error !== undefined))
      expect(e.error).toMatch(/\w{3,}/);
    expect(doc.summary.unusable).toBe(doc.events.filter((e) => e.error !== undefined).length);
    expect(run.code).toBe(doc.summary.unusable > 0 ? 1 : 0);
  });
});
