// The inputs the benchmarks share: the shipped playbooks, the sample events and
// the public corpus, all read through parry's own loaders.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventBridgeEvent } from '../src/event/envelope.js';
import { readInputs } from '../src/intake/index.js';
import { loadPlaybooks, type Playbook } from '../src/playbook/index.js';
import { readSettings, type Settings } from '../src/settings.js';

/** The project root: this file is bench/data.ts, bundled to dist/bench.mjs; both sit one level down. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const PLAYBOOK_DIR = join(ROOT, 'playbooks');
export const SAMPLE_DIR = join(ROOT, 'test', 'events');

/** PARRY_BENCH_CORPUS overrides; the default is ../shared/corpus beside the project. */
export const CORPUS_DIR = resolve(ROOT, process.env.PARRY_BENCH_CORPUS ?? '../shared/corpus');

/** The corpus folders that hold events (the others hold pattern test vectors). */
export const CORPUS_EVENT_DIRS = ['guardduty', 'cloudtrail', 'other_eventbridge', 'quirks'];

export const corpusPresent = (): boolean => existsSync(join(CORPUS_DIR, 'README.md'));

/**
 * What a deployed responder is configured with: a topic (so notify builds its
 * whole message) and its own account. Fixed, whatever the caller's environment.
 */
export const BENCH_ENV: NodeJS.ProcessEnv = {
  PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry-notifications',
  PARRY_ACCOUNT_ID: '111122223333',
  AWS_REGION: 'us-east-1',
};

export const benchSettings = (): Settings => readSettings(BENCH_ENV);

export async function shippedPlaybooks(): Promise<Playbook[]> {
  const loaded = await loadPlaybooks([PLAYBOOK_DIR]);
  if (loaded.errors.length > 0) {
    throw new Error(`bench: invalid playbooks: ${loaded.errors.map((e) => e.message).join('; ')}`);
  }
  return loaded.playbooks;
}

/** Every event intake makes of `paths` (raw findings and records wrapped, log files split). */
export async function intakeEvents(paths: string[]): Promise<EventBridgeEvent[]> {
  const events: EventBridgeEvent[] = [];
  for await (const item of readInputs(paths)) if (item.kind === 'event') events.push(item.event);
  return events;
}

export const sampleEvents = (): Promise<EventBridgeEvent[]> => intakeEvents([SAMPLE_DIR]);

export const corpusEvents = (): Promise<EventBridgeEvent[]> =>
  intakeEvents(CORPUS_EVENT_DIRS.map((d) => join(CORPUS_DIR, d)).filter((d) => existsSync(d)));

/** A fixed clock for planning, so runs compare alike. */
export const FIXED_NOW = (): Date => new Date('2026-03-15T12:00:00Z');
