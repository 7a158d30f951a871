import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
} from './json-bytes.js';
import { describeJsonError } from './json-error.js';

/** Deepest nesting of arrays and objects accepted in one JSON value. */
export const MAX_DEPTH = 200;

export type ParsedDocument = { source: string; value: unknown } | { source: string; error: string };

export interface ParseOptions {
  /** Read the text as JSON Lines (one value per line) without trying it as one document first. */
  lines?: boolean;
}

/**
 * Parses the text of one input into JSON values: one document, or one per
 * line for JSON Lines (named `source#<index>`). A `.jsonl` file is read as
 * lines; any other text is read as one document and, when that fails and its
 * first line is a JSON object of its own, as lines. Errors say line and column.
 *
 * @example parseDocuments('{"a":1}\n{"b":2}\n', 'siem.jsonl', { lines: true })
 * // [{ source: 'siem.jsonl#0', value: { a: 1 } }, { source: 'siem.jsonl#1', value: { b: 2 } }]
 */
export function parseDocuments(
  text: string,
  source: string,
  options: ParseOptions = {},
): ParsedDocument[] {
  if (!options.lines) {
    const whole = parseValue(text);
    if ('value' in whole || !looksLikeJsonLines(text)) return [{ source, ...whole }];
  }
  return parseLines(text, source);
}

function parseLines(text: string, source: string): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  const lines = text.split('\n');
  lines.forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    const parsed = parseValue(line, lineIndex);
    documents.push({ source: `${source}#${documents.length}`, ...parsed });
  });
  return documents;
}

// Only worth trying when a pretty-printed document cannot be what failed:
// its first line alone ("{" or "[") is never valid JSON.
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) return false;
  try {
    const first: unknown = JSON.parse(lines[0] ?? '');
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

/** Parses one JSON value; `lineOffset` is the 0-based line the text starts on, for messages. */
export function parseValue(text: string, lineOffset = 0): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: describeJsonError(error, text, lineOffset) };
  }
  // Most texts need no walk over the parsed value: the text says how deep it nests, and a
  // `__proto__` key can only be there if the text spells it or escapes a character.
  const needsWalk = mayHideProtoKey(text);
  const tooDeep = needsWalk ? stripProtoKeysAndCheckDepth(value) : nestsDeeperThan(text, MAX_DEPTH);
  return tooDeep ? { error: `JSON nesting is deeper than ${MAX_DEPTH} levels` } : { value };
}

/**
 * Whether JSON text (or its UTF-8 bytes) can hold a `__proto__` key: only if it spells one or
 * escapes a character. Asked as `__pro`, a part of it: found several times faster in
 * CloudTrail's text.
 */
export const mayHideProtoKey = (text: string | Buffer): boolean =>
  text.includes('__pro') || text.includes('\\u');

/** The end of the string starting at `open` (its closing quote), skipping escaped quotes. */
function stringEnd(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}

/**
 * Whether valid JSON text nests objects and arrays deeper than `max`, read off the text
 * (strings skipped whole): the same answer as walking the parsed value, in a fraction of
 * the time for the big documents of a CloudTrail archive.
 */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i);
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}

/**
 * Parses a big document whose parts are used one at a time (a CloudTrail log file in a
 * backtest): `__proto__` keys are dropped as parseValue drops them, but the depth is left to
 * `tooDeep`, asked of each part before anything walks it, so that the parts no one uses are
 * never walked at all.
 */
export function parseInParts(text: string): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: describeJsonError(error, text, 0) };
  }
  if (mayHideProtoKey(text)) stripProtoKeysAndCheckDepth(value);
  return { value };
}

/** Whether a value parsed by parseInParts nests deeper than MAX_DEPTH. */
export const tooDeep = (value: unknown): boolean => stripProtoKeysAndCheckDepth(value);

/**
 * Walks the value without recursion (so hostile nesting cannot overflow the
 * stack), returns true when it nests deeper than MAX_DEPTH, and deletes own
 * `__proto__` keys: JSON.parse makes them inert data, but any later
 * `Object.assign` or naive merge would turn them into a prototype.
 */
function stripProtoKeysAndCheckDepth(root: unknown): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [value, depth] = entry;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return true;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    if (Object.hasOwn(value, '__proto__')) Reflect.deleteProperty(value, '__proto__');
    for (const item of Object.values(value)) stack.push([item, depth + 1]);
  }
  return false;
}
