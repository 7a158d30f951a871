import { fail, type JsonPath } from './errors.js';
import { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH } from './limits.js';

/**
 * A pattern as a JSON tree that keeps what a plain object loses: every key of an object in
 * document order, duplicates included (AWS accepts `{"a": [..], "a": [..]}` and the last one
 * wins), and the source text of numbers (AWS judges precision from the literal, so
 * `1.0000001` is refused as a numeric bound even though it is a fine double).
 */
export type JsonNode =
  | { readonly type: 'object'; readonly entries: readonly JsonEntry[] }
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' };

export interface JsonEntry {
  readonly key: string;
  readonly value: JsonNode;
}

const VALUE_EXPECTED =
  "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

const describeChar = (code: number): string =>
  code < 0x20 ? `(CTRL-CHAR, code ${code})` : `'${String.fromCharCode(code)}' (code ${code})`;

/**
 * Parses the raw text of a pattern the way EventBridge's Jackson-based parser does: strict
 * JSON, duplicate keys kept in order, numbers kept as text.
 *
 * @example
 * parseJsonText('{"a": [1], "a": [2]}'); // object with two entries named "a"
 */
export const parseJsonText = (text: string): JsonNode => {
  if (text.length > MAX_PATTERN_LENGTH) {
    fail(
      `Event pattern is ${text.length} characters long; the maximum is ${MAX_PATTERN_LENGTH}`,
      [],
    );
  }
  return new TextParser(text).parseDocument();
};

class TextParser {
  private pos = 0;
  private readonly path: JsonPath = [];

  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    this.skipWhitespace();
    const first = this.text.charCodeAt(this.pos);
    // Jackson reads one token before the compiler checks for '{', so a document that merely
    // starts like another JSON value is "not an object" rather than a syntax error.
    if (first !== 0x7b) {
      if (Number.isNaN(first) || this.startsScalarOrArray()) fail('Filter is not an object', []);
      this.unexpected(VALUE_EXPECTED);
    }
    const root = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      this.unexpected('expected end-of-input after the pattern object');
    }
    return root;
  }

  private startsScalarOrArray(): boolean {
    const c = this.text[this.pos] ?? '';
    if ('["-0123456789'.includes(c)) return true;
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos) && !this.isTokenChar(this.pos + word.length)) {
        return true;
      }
    }
    return false;
  }

  private isTokenChar(index: number): boolean {
    return /[A-Za-z0-9_$]/.test(this.text[index] ?? ' ');
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else return;
    }
  }

  private unexpected(expectation: string): never {
    const code = this.text.charCodeAt(this.pos);
    if (Number.isNaN(code)) fail(`Unexpected end-of-input: ${expectation}`, this.path);
    if (/[A-Za-z]/.test(this.text[this.pos] ?? '')) {
      const word = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.pos, this.pos + 64))?.[0] ?? '';
      fail(
        `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
        this.path,
      );
    }
    return fail(`Unexpected character (${describeChar(code)}): ${expectation}`, this.path);
  }

  private parseValue(depth: number): JsonNode {
    if (depth > MAX_PATTERN_DEPTH) {
      fail(`Pattern is nested deeper than ${MAX_PATTERN_DEPTH} levels`, this.path);
    }
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return { type: 'string', value: this.parseString() };
      case 't':
      case 'f':
      case 'n':
        return this.parseLiteral();
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
        return this.unexpected(VALUE_EXPECTED);
    }
  }

  private parseObject(depth: number): JsonNode {
    this.pos++;
    const entries: JsonEntry[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', entries };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') {
        this.unexpected('was expecting double-quote to start field name');
      }
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') {
        this.unexpected('was expecting a colon to separate field name and value');
      }
      this.pos++;
      this.path.push(key);
      const value = this.parseValue(depth + 1);
      this.path.pop();
      entries.push({ key, value });
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
      } else if (next === '}') {
        this.pos++;
        return { type: 'object', entries };
      } else {
        this.unexpected('was expecting comma to separate Object entries');
      }
    }
  }

  private parseArray(depth: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', items };
    }
    for (;;) {
      this.path.push(items.length);
      items.push(this.parseValue(depth + 1));
      this.path.pop();
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
      } else if (next === ']') {
        this.pos++;
        return { type: 'array', items };
      } else {
        this.unexpected('was expecting comma to separate Array entries');
      }
    }
  }

  private parseString(): string {
    this.pos++;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) {
        fail('Unexpected end-of-input: was expecting closing quote for a string value', this.path);
      }
      if (code === 0x22) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) {
        fail(
          `Illegal unquoted character (${describeChar(code)}): has to be escaped using backslash to be included in string value`,
          this.path,
        );
      }
      if (code === 0x5c) {
        out += this.text.slice(chunkStart, this.pos);
        out += this.parseEscape();
        chunkStart = this.pos;
      } else {
        this.pos++;
      }
    }
  }

  private parseEscape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (c !== undefined && Object.hasOwn(simple, c)) return simple[c] ?? '';
    if (c === 'u') {
      const hex = this.text.slice(this.pos, this.pos + 4);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
        fail(
          'Unexpected character in Unicode escape: was expecting hex-digit for character escape sequence',
          this.path,
        );
      }
      this.pos += 4;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    if (c === undefined) {
      return fail(
        'Unexpected end-of-input: was expecting closing quote for a string value',
        this.path,
      );
    }
    return fail(`Unrecognized character escape ${describeChar(c.charCodeAt(0))}`, this.path);
  }

  private parseLiteral(): JsonNode {
    for (const [word, node] of [
      ['true', { type: 'boolean', value: true }],
      ['false', { type: 'boolean', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.pos) && !this.isTokenChar(this.pos + word.length)) {
        this.pos += word.length;
        return node;
      }
    }
    return this.unexpected(VALUE_EXPECTED);
  }

  private parseNumber(): JsonNode {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
      this.text.slice(this.pos, this.pos + MAX_PATTERN_LENGTH),
    );
    const textMatch = match?.[0];
    if (textMatch === undefined || textMatch === '' || textMatch === '-') {
      this.pos++;
      return this.unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    const after = this.text[this.pos + textMatch.length] ?? '';
    if (/[0-9]/.test(after)) {
      fail('Invalid numeric value: Leading zeroes not allowed', this.path);
    }
    if (after === '.' || after === 'e' || after === 'E') {
      this.pos += textMatch.length;
      this.unexpected(
        after === '.'
          ? 'Decimal point not followed by a digit'
          : 'Exponent indicator not followed by a digit',
      );
    }
    this.pos += textMatch.length;
    return { type: 'number', text: textMatch };
  }
}

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * Converts an already-parsed pattern (for example from YAML) to a JsonNode, refusing anything
 * JSON cannot express so that what is checked is exactly what AWS would receive.
 *
 * @example
 * jsonNodeFromValue({ source: ['aws.guardduty'] });
 */
export const jsonNodeFromValue = (value: unknown): JsonNode =>
  new ValueConverter().convert(value, [], 0);

class ValueConverter {
  private readonly seen = new Set<object>();

  convert(v: unknown, path: JsonPath, depth: number): JsonNode {
    if (depth > MAX_PATTERN_DEPTH) {
      fail(`Pattern is nested deeper than ${MAX_PATTERN_DEPTH} levels`, path);
    }
    if (typeof v === 'object' && v !== null) return this.convertContainer(v, path, depth);
    return convertScalar(v, path);
  }

  private convertContainer(v: object, path: JsonPath, depth: number): JsonNode {
    if (this.seen.has(v)) fail('Pattern contains a cycle', path);
    this.seen.add(v);
    try {
      if (Array.isArray(v)) {
        const items = v.map((item: unknown, i) => this.convert(item, [...path, i], depth + 1));
        return { type: 'array', items };
      }
      if (!isPlainObject(v)) {
        fail('Pattern values must be plain JSON objects, arrays or scalars', path);
      }
      const record = v as Record<string, unknown>;
      const entries = Object.keys(record).map((key) => ({
        key,
        value: this.convert(record[key], [...path, key], depth + 1),
      }));
      return { type: 'object', entries };
    } finally {
      this.seen.delete(v);
    }
  }
}

const convertScalar = (v: unknown, path: JsonPath): JsonNode => {
  if (v === null) return { type: 'null' };
  switch (typeof v) {
    case 'string':
      return { type: 'string', value: v };
    case 'boolean':
      return { type: 'boolean', value: v };
    case 'number':
      if (!Number.isFinite(v)) fail(`${String(v)} is not a JSON number`, path);
      // JSON.stringify would send "0" for -0, so that is what AWS would see.
      return { type: 'number', text: Object.is(v, -0) ? '0' : String(v) };
    default:
      return fail(`A ${typeof v} cannot appear in a JSON pattern`, path);
  }
};

/**
 * Compact JSON text of a node, as JSON.stringify would produce it (duplicate keys kept).
 *
 * @example
 * jsonNodeToText(jsonNodeFromValue({ a: [1] })); // '{"a":[1]}'
 */
export const jsonNodeToText = (node: JsonNode): string => {
  switch (node.type) {
    case 'object':
      return `{${node.entries.map((e) => `${JSON.stringify(e.key)}:${jsonNodeToText(e.value)}`).join(',')}}`;
    case 'array':
      return `[${node.items.map(jsonNodeToText).join(',')}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.text;
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
};
