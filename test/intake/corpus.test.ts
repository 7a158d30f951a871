import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type IntakeItem, readInputs } from '../../src/intake/index.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const present = existsSync(corpus);
if (!present) console.warn(`intake corpus tests skipped: no corpus at ${corpus}`);

/** The files a directory walk should read: not hidden, .json, .jsonl or .gz. */
function readableFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(json|jsonl|gz)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (path) =>
        !relative(directory, path)
          .split(/[\\/]/)
          .some((part) => part.startsWith('.')),
    );
}

describe.skipIf(!present)('readInputs over the shared corpus', () => {
  it('reads every file without throwing and explains every error', async () => {
    const items: IntakeItem[] = [];
    for await (const item of readInputs([corpus])) items.push(item);

    const counts = { event: 0, skipped: 0, error: 0 };
    const origins: Record<string, number> = {};
    for (const item of items) {
      counts[item.kind]++;
      if (item.kind === 'event') origins[item.origin] = (origins[item.origin] ?? 0) + 1;
      if (item.kind === 'error') expect(item.error.trim(), item.source).not.toBe('');
    }
    console.log('intake corpus counts', { ...counts, total: items.length, ...origins });

    const filesWithItems = new Set(items.map((item) => item.source.replace(/#.*$/, '')));
    const missing = readableFiles(corpus).filter((file) => !filesWithItems.has(file));
    expect(missing).toEqual([]);
    expect(counts.event).toBeGreaterThan(0);
  }, 60_000);

  it('reads the documentation snippets that are not JSON as errors with a position', async () => {
    const quirks = join(corpus, 'quirks');
    const snippets = readdirSync(quirks)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => join(quirks, name));
    const items: IntakeItem[] = [];
    for await (const item of readInputs(snippets)) items.push(item);
    expect(items.length).toBeGreaterThanOrEqual(snippets.length);
    for (const item of items) {
      expect(item).toMatchObject({
        kind: 'error',
        error: expect.stringMatching(/ at line \d+ column \d+: /),
      });
    }
  });
});
