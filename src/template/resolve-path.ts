import { MissingPathError } from './errors.js';
import type { PathStep } from './path.js';

const describe = (steps: PathStep[]): string =>
  steps
    .map((s) => (s.kind === 'key' ? `.${s.key}` : s.kind === 'all' ? '[*]' : `[${s.index}]`))
    .join('')
    .replace(/^\./, '');

/**
 * Reads a parsed path from a value. Own properties only: an event key such as
 * `__proto__` never reaches an object's prototype. A `[*]` step maps the rest
 * of the path over every element and yields a list.
 * @example resolvePath(event, parsePath('detail.type'), 'detail.type') // 'Backdoor:EC2/C&CActivity.B'
 */
export function resolvePath(value: unknown, steps: PathStep[], text: string): unknown {
  return walk(value, steps, 0, text);
}

function walk(value: unknown, steps: PathStep[], at: number, text: string): unknown {
  const step = steps[at];
  if (!step) return value;
  const missing = () => new MissingPathError(text, describe(steps.slice(0, at + 1)));
  if (step.kind === 'key') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw missing();
    if (!Object.hasOwn(value, step.key)) throw missing();
    return walk((value as Record<string, unknown>)[step.key], steps, at + 1, text);
  }
  if (!Array.isArray(value)) throw missing();
  if (step.kind === 'index') {
    if (step.index >= value.length) throw missing();
    return walk(value[step.index], steps, at + 1, text);
  }
  return value.map((item) => walk(item, steps, at + 1, text));
}
