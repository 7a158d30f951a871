import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type IntakeItem, type ReadOptions, readInputs } from '../../src/intake/index.js';

/** Absolute path of a file in test/fixtures/intake. */
export const fixturePath = (name = ''): string =>
  fileURLToPath(new URL(`../fixtures/intake/${name}`, import.meta.url));

/** A fixture parsed afresh, so a test may change it. */
export const loadFixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fixturePath(name), 'utf8')) as Record<string, unknown>;

export async function collect(paths: string[], options?: ReadOptions): Promise<IntakeItem[]> {
  const items: IntakeItem[] = [];
  for await (const item of readInputs(paths, options)) items.push(item);
  return items;
}

/** `kind` of each item, with its origin or reason: compact to compare in tables. */
export const summary = (items: IntakeItem[]): string[] =>
  items.map((item) => {
    if (item.kind === 'event') return `event:${item.origin}`;
    if (item.kind === 'skipped') return `skipped:${item.reason}`;
    return 'error';
  });

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
