import { TemplateSyntaxError } from './errors.js';

export type PathStep =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' };

/** The roots a template may start from: the EventBridge envelope, or `event` for the whole event. */
export const TEMPLATE_ROOTS = new Set([
  'event',
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
]);

const MAX_STEPS = 64;
// Keys as AWS events spell them: letters, digits and `_-:@$/`; dots and brackets separate steps.
const KEY = '[A-Za-z0-9_\\-:@$/]+';
const WHOLE = new RegExp(`^${KEY}(?:\\.${KEY}|\\[(?:\\d+|\\*)\\])*$`);
const STEPS = new RegExp(`(${KEY})|\\[(\\d+|\\*)\\]`, 'g');

const toStep = ([, key, bracket]: RegExpMatchArray): PathStep => {
  if (key !== undefined) return { kind: 'key', key };
  return bracket === '*' ? { kind: 'all' } : { kind: 'index', index: Number(bracket) };
};

/**
 * Parses a dotted path with `[n]` and `[*]` steps. `event.` may prefix any path.
 * @example parsePath('detail.resource.instanceDetails.networkInterfaces[*].networkInterfaceId')
 */
export function parsePath(text: string): PathStep[] {
  if (text === '') throw new TemplateSyntaxError('empty template {{ }}', text);
  if (!WHOLE.test(text)) {
    throw new TemplateSyntaxError(
      `bad path "${text}": use keys joined by dots, with [n] or [*] for lists`,
      text,
    );
  }
  const steps = [...text.matchAll(STEPS)].map(toStep);
  const first = steps[0];
  if (first?.kind !== 'key' || !TEMPLATE_ROOTS.has(first.key)) {
    throw new TemplateSyntaxError(
      `path "${text}" must start with one of: ${[...TEMPLATE_ROOTS].join(', ')}`,
      text,
    );
  }
  if (steps.length > MAX_STEPS) throw new TemplateSyntaxError(`path "${text}" is too deep`, text);
  return first.key === 'event' ? steps.slice(1) : steps;
}
