import { createColors } from 'picocolors';
import wrapAnsi from 'wrap-ansi';
import type { Io } from './io.js';

/** Output that is not a terminal (a file, a pipe, CI logs) is wrapped at this width. */
export const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

export type Colors = ReturnType<typeof createColors>;

export interface Terminal {
  readonly width: number;
  readonly color: Colors;
}

/**
 * Colour only on a terminal, and never when NO_COLOR is set to anything
 * (no-color.org); FORCE_COLOR turns it on anywhere.
 * @example useColor({ NO_COLOR: '1' }, true) // false
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** How to write for this output: its width and its colours (or none). */
export function terminalOf(io: Io): Terminal {
  const columns = io.columns ?? (Number(io.env.COLUMNS) || DEFAULT_WIDTH);
  return {
    width: Math.max(MIN_WIDTH, columns),
    color: createColors(useColor(io.env, io.outIsTTY === true)),
  };
}

/**
 * Wraps text to the width at spaces, never inside a word (a word longer than
 * the line stays whole on a line of its own), each line after the first
 * indented by `hanging` spaces more than the first.
 * @example wrap('a b c', 3, 2, 2) // '  a\n    b\n    c'
 */
export function wrap(text: string, width: number, indent = 0, hanging = 2): string {
  const first = ' '.repeat(indent);
  const rest = ' '.repeat(indent + hanging);
  const wrapped = wrapAnsi(text, Math.max(10, width - indent - hanging), {
    hard: false,
    trim: true,
    wordWrap: true,
  });
  return wrapped
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');
}

/**
 * JSON with a space after each comma and colon, so that a long value wraps
 * between its items rather than running past the width.
 * @example spacedJson({ a: [1, 2] }) // '{"a": [1, 2]}'
 */
export function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${spacedJson(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
