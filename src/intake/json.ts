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
  return stripProtoKeysAndCheckDepth(value)
    ? { error: `JSON nesting is deeper than ${MAX_DEPTH} levels` }
    : { value };
}

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
