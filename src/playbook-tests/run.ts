import { dirname, resolve } from 'node:path';
import { diffLines } from 'diff';
import { stringify } from 'yaml';
import { runPlaybook } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import { classify, type IntakeItem, readInputs } from '../intake/index.js';
import type { Playbook } from '../playbook/index.js';
import { readSettings, SettingsError } from '../settings.js';
import { type Mismatch, mismatches, project } from './compare.js';
import type { TestCase } from './load.js';

export type CaseResult =
  | { readonly status: 'passed'; readonly ms: number }
  | {
      readonly status: 'failed';
      readonly ms: number;
      readonly mismatches: Mismatch[];
      readonly diff: DiffLine[];
    }
  | { readonly status: 'error'; readonly ms: number; readonly error: string };

export interface DiffLine {
  readonly kind: 'expected' | 'actual' | 'same';
  readonly text: string;
}

/** A case that cannot run: its event or its settings are unusable. */
class CaseError extends Error {
  override readonly name = 'CaseError';
}

/** At most this many inputs are read from one event file looking for the one asked for. */
const MAX_ITEMS = 10_000;

async function itemsOf(test: TestCase): Promise<{ items: IntakeItem[]; wanted?: string }> {
  if (typeof test.event !== 'string')
    return { items: classify(test.event, `${test.file}:${test.line}`) };
  const hash = test.event.lastIndexOf('#');
  const path = resolve(dirname(test.file), hash === -1 ? test.event : test.event.slice(0, hash));
  const items: IntakeItem[] = [];
  for await (const item of readInputs([path])) {
    items.push(item);
    if (items.length >= MAX_ITEMS) break;
  }
  return hash === -1 ? { items } : { items, wanted: `${path}#${test.event.slice(hash + 1)}` };
}

/** The one event a case names, or why it has none. */
async function eventOf(test: TestCase): Promise<EventBridgeEvent> {
  const { items, wanted } = await itemsOf(test);
  const picked = wanted === undefined ? items : items.filter((i) => i.source === wanted);
  if (picked.length !== 1) {
    throw new CaseError(
      wanted === undefined
        ? `event ${String(test.event)} holds ${items.length} inputs; name one as ${String(test.event)}#<index>`
        : `event ${String(test.event)}: no such input (it holds ${items.length})`,
    );
  }
  const item = picked[0] as IntakeItem;
  if (item.kind === 'error') throw new CaseError(`event ${item.source}: ${item.error}`);
  if (item.kind === 'skipped') {
    throw new CaseError(
      `event ${item.source} is a read-only call: EventBridge never delivers it to a playbook`,
    );
  }
  return item.event;
}

/** The run's clock is the event's own time, so plans (policy dates, tags) are the same on every run. */
const clockOf = (event: EventBridgeEvent): Date => {
  const time = new Date(event.time);
  return Number.isNaN(time.getTime()) ? new Date(0) : time;
};

function diffOf(expected: unknown, actual: unknown): DiffLine[] {
  const before = stringify(expected, { lineWidth: 0 });
  const after = stringify(project(expected, actual), { lineWidth: 0 });
  return diffLines(before, after).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map(
        (text) =>
          ({ kind: part.added ? 'actual' : part.removed ? 'expected' : 'same', text }) as DiffLine,
      ),
  );
}

/**
 * Runs one case: the event through the playbook alone, planned (never
 * executed), with the case's settings and the event's time as the clock,
 * then compares the outcome with the expectation.
 * @example await runCase(playbook, { name: 'quarantines', event: 'x.json', env: {}, expect: { status: 'planned' }, file, line })
 */
export async function runCase(playbook: Playbook, test: TestCase): Promise<CaseResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const event = await eventOf(test);
    const settings = readSettings(test.env);
    const result = await runPlaybook(event, playbook, { settings, now: () => clockOf(event) });
    const actual = result === undefined ? { matched: false } : { matched: true, ...result };
    const found = mismatches(test.expect, actual);
    if (found.length === 0) return { status: 'passed', ms: ms() };
    return { status: 'failed', ms: ms(), mismatches: found, diff: diffOf(test.expect, actual) };
  } catch (error) {
    if (error instanceof CaseError) return { status: 'error', ms: ms(), error: error.message };
    if (error instanceof SettingsError)
      return { status: 'error', ms: ms(), error: `env: ${error.message}` };
    throw error;
  }
}
