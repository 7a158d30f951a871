import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventBridgeEvent } from '../../src/event/envelope.js';

// From the project root (the working directory of vitest and of `npm run bench`), not from
// import.meta.url: the benchmarks bundle these helpers into dist/bench.mjs, one level down.
const TEST_DIR = resolve(process.cwd(), 'test');

/** Loads a sample event of test/events by its path below that folder. */
export function sampleEvent(path: string): EventBridgeEvent {
  return JSON.parse(readFileSync(resolve(TEST_DIR, 'events', path), 'utf8')) as EventBridgeEvent;
}

export const fixturePath = (path: string): string => resolve(TEST_DIR, 'fixtures', path);
