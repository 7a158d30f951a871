/**
 * Says where and why JSON.parse rejected a text, as
 * "invalid JSON at line 3 column 5: expected ',' or '}' after property value".
 * V8 gives an offset for some errors only ("Unexpected token" has none, and
 * quotes the text instead), so the position comes from our own scan.
 *
 * @example describeJsonError(new SyntaxError("Unexpected token 'h', \"hello\" is not valid JSON"), 'hello')
 * // "invalid JSON at line 1 column 1: unexpected token 'h'"
 */
export function describeJsonError(error: unknown, text: string, lineOffset = 0): string {
  const message = error instanceof Error ? error.message : String(error);
  const offset = locateSyntaxError(text);
  const reason = message
    .replace(/,? (\.\.\.)?"[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+[\s\S]*$/, '')
    .replace(/^Unexpected end of JSON input$/, 'Unexpected end of input')
    .trim();
  const before = text.slice(0, offset);
  const line = lineOffset + before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `invalid JSON at line ${line} column ${column}: ${lowerFirst(reason)}`;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close';

interface Scan {
  readonly text: string;
  readonly open: string[];
  i: number;
  expect: Expect;
}

/** Each step consumes one token at `scan.i`, or returns the offset of the error there. */
type Step = (scan: Scan, c: string) => number | undefined;

const STEPS: Readonly<Record<Expect, Step>> = {
  value: (scan, c) => value(scan, c),
  'value-or-close': (scan, c) => (c === ']' ? close(scan) : value(scan, c)),
  key: (scan, c) => key(scan, c),
  'key-or-close': (scan, c) => (c === '}' ? close(scan) : key(scan, c)),
  colon: (scan, c) => {
    if (c !== ':') return scan.i;
    scan.expect = 'value';
    scan.i++;
    return undefined;
  },
  'comma-or-close': (scan, c) => {
    const top = scan.open[scan.open.length - 1];
    if (top === undefined) return scan.i;
    if (c !== ',') return c === (top === '{' ? '}' : ']') ? close(scan) : scan.i;
    scan.expect = top === '{' ? 'key' : 'value';
    scan.i++;
    return undefined;
  },
};

/**
 * Offset of the first JSON syntax error in the text (its length when the text
 * ends too soon). A plain state machine with an explicit stack, so any nesting
 * is safe; it runs only after JSON.parse has failed.
 */
export function locateSyntaxError(text: string): number {
  const scan: Scan = { text, open: [], i: 0, expect: 'value' };
  for (;;) {
    while (scan.i < text.length && WHITESPACE.has(text.charAt(scan.i))) scan.i++;
    if (scan.i >= text.length) return text.length;
    const error = STEPS[scan.expect](scan, text.charAt(scan.i));
    if (error !== undefined) return error;
  }
}

function close(scan: Scan): undefined {
  scan.open.pop();
  scan.expect = 'comma-or-close';
  scan.i++;
  return undefined;
}

function key(scan: Scan, c: string): number | undefined {
  if (c !== '"') return scan.i;
  return advance(scan, scanString(scan.text, scan.i), 'colon');
}

function value(scan: Scan, c: string): number | undefined {
  if (c === '{' || c === '[') {
    scan.open.push(c);
    scan.expect = c === '{' ? 'key-or-close' : 'value-or-close';
    scan.i++;
    return undefined;
  }
  return advance(scan, scanScalar(scan.text, scan.i), 'comma-or-close');
}

/** Moves past a token whose scan returned `end`, or returns the error offset it encodes. */
function advance(scan: Scan, end: number, next: Expect): number | undefined {
  if (end < 0) return -end - 1;
  scan.i = end;
  scan.expect = next;
  return undefined;
}

/** End of the scalar at `start`, or -(offset of the error) - 1. */
function scanScalar(text: string, start: number): number {
  if (text.charAt(start) === '"') return scanString(text, start);
  for (const literal of LITERALS) {
    if (text.startsWith(literal, start)) return start + literal.length;
  }
  return scanNumber(text, start);
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/** Past one or more digits at `i`, or -(i) - 1 when there is none. */
function digits(text: string, i: number): number {
  if (!isDigit(text.charAt(i))) return -i - 1;
  let end = i;
  while (isDigit(text.charAt(end))) end++;
  return end;
}

/** Like scanScalar, for `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`; the error is the first character that does not fit. */
function scanNumber(text: string, start: number): number {
  let i = text.charAt(start) === '-' ? start + 1 : start;
  i = text.charAt(i) === '0' ? i + 1 : digits(text, i);
  if (i >= 0 && text.charAt(i) === '.') i = digits(text, i + 1);
  if (i >= 0 && (text.charAt(i) === 'e' || text.charAt(i) === 'E')) {
    const sign = text.charAt(i + 1) === '+' || text.charAt(i + 1) === '-';
    i = digits(text, sign ? i + 2 : i + 1);
  }
  return i;
}

/** End of the string opened at `start`, or -(offset of the error) - 1. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') return i + 1;
    if (c < ' ') return -i - 1;
    if (c === '\\') {
      const end = scanEscape(text, i + 1);
      if (end < 0) return end;
      i = end - 1;
    }
  }
  return -text.length - 1;
}

/** Past the escape whose letter is at `i` (after the backslash), or -(offset of the error) - 1. */
function scanEscape(text: string, i: number): number {
  const letter = text.charAt(i);
  if (ESCAPES.has(letter)) return i + 1;
  if (letter !== 'u') return -i - 1;
  for (let digit = 1; digit <= 4; digit++) {
    if (!isHex(text.charAt(i + digit))) return -(i + digit) - 1;
  }
  return i + 5;
}
