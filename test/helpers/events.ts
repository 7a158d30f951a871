import { readFileSync } from 'node:fs';
import type { EventBridgeEvent } from '../../src/event/envelope.js';

/** Loads a sample event of test/events by its path below that folder. */
export function sampleEvent(path: string): EventBridgeEvent {
  const url = new URL(`../events/${path}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as EventBridgeEvent;
}

export const fixturePath = (path: string): string =>
  new URL(`../fixtures/${path}`, import.meta.url).pathname;
