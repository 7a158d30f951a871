import { type IpRange, ipInRange, parseCidr, parseIp } from './cidr.js';
import { fail, type JsonPath } from './errors.js';
import type { EventValue } from './event-value.js';
import {
  compileIgnoreCase,
  endsWithIgnoreCase,
  equalsIgnoreCase,
  startsWithIgnoreCase,
} from './ignore-case.js';
import { type JsonNode, jsonNodeToText } from './json-text.js';
import { inRange, MAX_MICROS, MIN_MICROS, type NumericRange, toMicros } from './numeric.js';
import { addressKey, SCAN, type ValueShape } from './shape.js';
import { parseWildcard, type Wildcard, wildcardMatches } from './wildcard.js';

/** What one entry of a pattern's value list becomes. */
export type Matcher =
  | {
      readonly kind: 'value';
      readonly test: (value: EventValue) => boolean;
      /** Wildcard patterns this matcher adds to its field, for the complexity check. */
      readonly wildcards: readonly Wildcard[];
      /** Where the combined machine indexes this test (the test still decides). */
      readonly shape: ValueShape;
      /** Canonical JSON text of the value entry: equal texts are the same test. */
      readonly text: string;
    }
  /** `{"exists": false}`: satisfied when the field has no value at all. */
  | { readonly kind: 'absent' };

/**
 * A match operator (`{"prefix": ...}` and friends). `validate` runs once at compile time and
 * throws InvalidPatternError with EventBridge's reason; `predicate` builds the per-value test
 * from what `validate` returned.
 */
export interface Operator<T> {
  readonly name: string;
  /** Reason AWS gives when the match object has a second key (it varies by operator). */
  readonly extraKeyReason: string;
  readonly validate: (operand: JsonNode, path: JsonPath) => T;
  readonly predicate: (operand: T) => Matcher;
}

interface AnyOperator {
  readonly name: string;
  readonly extraKeyReason: string;
  readonly compile: (operand: JsonNode, path: JsonPath) => Matcher;
}

const define = <T>(op: Operator<T>): AnyOperator => ({
  name: op.name,
  extraKeyReason: op.extraKeyReason,
  compile: (operand, path) => op.predicate(op.validate(operand, path)),
});

const ONE_KEY = 'Only one key allowed in match expression';
const TOO_MANY_NUMERIC = 'Too many elements in numeric expression';
const ANYTHING_BUT_VALUE = 'Value of anything-but must be an array or single string/number value.';

const value = (
  test: (v: EventValue) => boolean,
  shape: ValueShape = SCAN,
  wildcards: readonly Wildcard[] = [],
): Matcher => ({ kind: 'value', test, wildcards, shape, text: '' });

const isString = (v: EventValue): v is EventValue & { raw: string } => typeof v.raw === 'string';

/** How Jackson's getText() spells a token, for messages that quote it. */
const tokenText = (node: JsonNode | undefined): string => {
  if (node === undefined) return ']';
  switch (node.type) {
    case 'string':
      return node.value;
    case 'number':
      return node.text;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'object':
      return '{';
    case 'array':
      return '[';
  }
};

const micros = (node: { text: string }, path: JsonPath): number => {
  const result = toMicros(node.text);
  return result.ok ? result.micros : fail(result.reason, path);
};

// ---------------------------------------------------------------------------------------------
// prefix / suffix, optionally wrapped in {"equals-ignore-case": ...}

interface AffixOperand {
  readonly ignoreCase: boolean;
  readonly text: string;
}

const affixValidator =
  (name: 'prefix' | 'suffix', label: 'Prefix' | 'Suffix') =>
  (operand: JsonNode, path: JsonPath): AffixOperand => {
    if (operand.type === 'string') return { ignoreCase: false, text: operand.value };
    if (operand.type !== 'object') return fail(`${name} match pattern must be a string`, path);
    const [inner, extra] = operand.entries;
    if (inner === undefined) return fail(`${label} expression name not found`, path);
    if (inner.key !== 'equals-ignore-case') {
      return fail(`Unsupported ${name} pattern: ${inner.key}`, [...path, inner.key]);
    }
    if (inner.value.type !== 'string') {
      return fail('equals-ignore-case match pattern must be a string', [...path, inner.key]);
    }
    if (extra !== undefined) return fail(ONE_KEY, [...path, extra.key]);
    return { ignoreCase: true, text: inner.value.value };
  };

const prefixOperator = define<AffixOperand>({
  name: 'prefix',
  extraKeyReason: ONE_KEY,
  validate: affixValidator('prefix', 'Prefix'),
  predicate: (operand) => {
    const shape: ValueShape = { kind: 'prefix', ...operand };
    if (!operand.ignoreCase) {
      const { text } = operand;
      return value((v) => isString(v) && v.raw.startsWith(text), shape);
    }
    const pattern = compileIgnoreCase(operand.text);
    return value((v) => isString(v) && startsWithIgnoreCase(pattern, v.raw), shape);
  },
});

const suffixOperator = define<AffixOperand>({
  name: 'suffix',
  extraKeyReason: ONE_KEY,
  validate: affixValidator('suffix', 'Suffix'),
  predicate: (operand) => {
    const shape: ValueShape = { kind: 'suffix', ...operand };
    if (!operand.ignoreCase) {
      const { text } = operand;
      return value((v) => isString(v) && v.raw.endsWith(text), shape);
    }
    const pattern = compileIgnoreCase(operand.text);
    return value((v) => isString(v) && endsWithIgnoreCase(pattern, v.raw), shape);
  },
});

// ---------------------------------------------------------------------------------------------
// equals-ignore-case, wildcard, exists, cidr

const equalsIgnoreCaseOperator = define<string>({
  name: 'equals-ignore-case',
  extraKeyReason: ONE_KEY,
  validate: (operand, path) =>
    operand.type === 'string'
      ? operand.value
      : fail('equals-ignore-case match pattern must be a string', path),
  predicate: (text) => {
    const pattern = compileIgnoreCase(text);
    return value((v) => isString(v) && equalsIgnoreCase(pattern, v.raw), {
      kind: 'equals-ignore-case',
      text,
    });
  },
});

const parseWildcardOrFail = (text: string, path: JsonPath): Wildcard => {
  const parsed = parseWildcard(text);
  return parsed.ok ? parsed.wildcard : fail(parsed.reason, path);
};

const wildcardOperator = define<Wildcard>({
  name: 'wildcard',
  extraKeyReason: ONE_KEY,
  validate: (operand, path) =>
    operand.type === 'string'
      ? parseWildcardOrFail(operand.value, path)
      : fail('wildcard match pattern must be a string', path),
  predicate: (wildcard) =>
    value((v) => isString(v) && wildcardMatches(wildcard, v.raw), { kind: 'wildcard', wildcard }, [
      wildcard,
    ]),
});

const existsOperator = define<boolean>({
  name: 'exists',
  extraKeyReason: ONE_KEY,
  validate: (operand, path) =>
    operand.type === 'boolean'
      ? operand.value
      : fail('exists match pattern must be either true or false.', path),
  // exists:true is satisfied by any leaf value, null included.
  predicate: (exists) => (exists ? value(() => true) : { kind: 'absent' }),
});

const cidrOperator = define<IpRange>({
  name: 'cidr',
  extraKeyReason: ONE_KEY,
  validate: (operand, path) => {
    // AWS really does say "prefix" here.
    if (operand.type !== 'string') return fail('prefix match pattern must be a string', path);
    const parsed = parseCidr(operand.value);
    return parsed.ok ? parsed.range : fail(parsed.reason, path);
  },
  predicate: (range) =>
    value(
      (v) => {
        const address = v.address;
        return address !== null && ipInRange(range, address);
      },
      { kind: 'cidr', range },
    ),
});

// ---------------------------------------------------------------------------------------------
// numeric

const rangeOf = (
  low: number,
  lowOpen: boolean,
  high: number,
  highOpen: boolean,
  path: JsonPath,
): NumericRange =>
  low < high ? { low, lowOpen, high, highOpen } : fail('Bottom must be less than top', path);

type NumberNode = JsonNode & { type: 'number' };
const isNumber = (node: JsonNode | undefined): node is NumberNode => node?.type === 'number';

const requireNumber = (node: JsonNode | undefined, operator: string, path: JsonPath): NumberNode =>
  isNumber(node) ? node : fail(`Value of ${operator} must be numeric`, path);

// Mirrors JsonRuleCompiler.processNumericMatchExpression token by token, so the first
// problem reported is the one AWS reports.
const parseNumericExpression = (items: readonly JsonNode[], path: JsonPath): NumericRange => {
  const [opNode, first, second] = items;
  if (opNode?.type !== 'string') {
    return fail(`Invalid member in numeric match: ${tokenText(opNode)}`, [...path, 0]);
  }
  const op = opNode.value;
  if (op === '=' || op === '<' || op === '<=') {
    const bound = requireNumber(first, op === '=' ? 'equals' : op, [...path, 1]);
    if (second !== undefined) return fail(TOO_MANY_NUMERIC, [...path, 2]);
    const v = micros(bound, [...path, 1]);
    if (op === '=') return { low: v, lowOpen: false, high: v, highOpen: false };
    return rangeOf(MIN_MICROS, false, v, op === '<', path);
  }
  if (op !== '>' && op !== '>=') {
    return fail(`Unrecognized numeric range operator: ${op}`, [...path, 0]);
  }
  const bottom = requireNumber(first, op, [...path, 1]);
  if (second === undefined) {
    return rangeOf(micros(bottom, [...path, 1]), op === '>', MAX_MICROS, false, path);
  }
  return parseUpperBound(items, bottom, op === '>', path);
};

/** The `"<", 5` half of `[">", 0, "<", 5]` (JsonRuleCompiler.completeNumericRange). */
const parseUpperBound = (
  items: readonly JsonNode[],
  bottom: NumberNode,
  lowOpen: boolean,
  path: JsonPath,
): NumericRange => {
  const [, , opNode, topNode, ...rest] = items;
  if (opNode?.type !== 'string') {
    return fail(`Bad value in numeric range: ${tokenText(opNode)}`, [...path, 2]);
  }
  const op = opNode.value;
  if (op !== '<' && op !== '<=') return fail(`Bad numeric range operator: ${op}`, [...path, 2]);
  const top = requireNumber(topNode, op, [...path, 3]);
  if (rest.length > 0) return fail('Too many terms in numeric range expression', [...path, 4]);
  const low = micros(bottom, [...path, 1]);
  const high = micros(top, [...path, 3]);
  return rangeOf(low, lowOpen, high, op === '<', path);
};

const numericOperator = define<NumericRange>({
  name: 'numeric',
  extraKeyReason: TOO_MANY_NUMERIC,
  validate: (operand, path) =>
    operand.type === 'array'
      ? parseNumericExpression(operand.items, path)
      : fail('Value of numeric must be an array.', path),
  predicate: (range) =>
    value(
      (v) => {
        const n = v.numeric;
        return n !== null && inRange(range, n);
      },
      { kind: 'range', range },
    ),
});

// ---------------------------------------------------------------------------------------------
// anything-but

/**
 * What anything-but excludes, fully validated. The operator matches every present value the
 * exclusion does not cover: null, booleans and numbers all pass a string exclusion (AWS
 * matches {"state": null} against {"anything-but": "initializing"}), while a missing field
 * never matches.
 */
interface Exclusion {
  readonly covers: (value: EventValue) => boolean;
  readonly wildcards: readonly Wildcard[];
}

interface Located {
  readonly text: string;
  readonly path: JsonPath;
}

/** The object forms, `{"anything-but": {"prefix": ...}}` and friends, by inner key. */
interface ExclusionKind {
  readonly name: string;
  /** Reason for a non-string entry (event-ruler words it differently per kind). */
  readonly nonStringReason: string;
  readonly rejectsEmpty: boolean;
  readonly exclusion: (texts: readonly Located[]) => Exclusion;
}

const stringExclusion = (
  texts: readonly Located[],
  matcherFor: (text: string) => (s: string) => boolean,
): Exclusion => {
  const tests = texts.map((t) => matcherFor(t.text));
  return { covers: (v) => isString(v) && tests.some((t) => t(v.raw)), wildcards: [] };
};

const EXCLUSION_KINDS: readonly ExclusionKind[] = [
  {
    name: 'equals-ignore-case',
    nonStringReason:
      'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
    rejectsEmpty: false,
    exclusion: (texts) =>
      stringExclusion(texts, (text) => {
        const pattern = compileIgnoreCase(text);
        return (s) => equalsIgnoreCase(pattern, s);
      }),
  },
  {
    name: 'prefix',
    nonStringReason: 'prefix/suffix match pattern must be a string',
    rejectsEmpty: true,
    exclusion: (texts) => stringExclusion(texts, (text) => (s) => s.startsWith(text)),
  },
  {
    name: 'suffix',
    nonStringReason: 'prefix/suffix match pattern must be a string',
    rejectsEmpty: true,
    exclusion: (texts) => stringExclusion(texts, (text) => (s) => s.endsWith(text)),
  },
  {
    name: 'wildcard',
    nonStringReason: 'wildcard match pattern must be a string',
    rejectsEmpty: false,
    exclusion: (texts) => {
      const wildcards = texts.map((t) => parseWildcardOrFail(t.text, t.path));
      return {
        covers: (v) => isString(v) && wildcards.some((w) => wildcardMatches(w, v.raw)),
        wildcards,
      };
    },
  },
];

const exclusionTexts = (kind: ExclusionKind, node: JsonNode, path: JsonPath): Located[] => {
  const one = (item: JsonNode, itemPath: JsonPath): Located => {
    if (item.type !== 'string') return fail(kind.nonStringReason, itemPath);
    if (kind.rejectsEmpty && item.value === '') {
      return fail('Null prefix/suffix not allowed', itemPath);
    }
    return { text: item.value, path: itemPath };
  };
  return node.type === 'array'
    ? node.items.map((item, i) => one(item, [...path, i]))
    : [one(node, path)];
};

const objectExclusion = (operand: JsonNode & { type: 'object' }, path: JsonPath): Exclusion => {
  const [inner, extra] = operand.entries;
  if (inner === undefined) return fail('Anything-But expression name not found', path);
  const kind = EXCLUSION_KINDS.find((k) => k.name === inner.key);
  if (kind === undefined) {
    return fail(`Unsupported anything-but pattern: ${inner.key}`, [...path, inner.key]);
  }
  const innerPath = [...path, inner.key];
  const t = inner.value.type;
  if (t !== 'array' && t !== 'string' && t !== 'number') return fail(ANYTHING_BUT_VALUE, innerPath);
  const exclusion = kind.exclusion(exclusionTexts(kind, inner.value, innerPath));
  if (extra !== undefined) return fail(TOO_MANY_NUMERIC, [...path, extra.key]);
  return exclusion;
};

const listExclusion = (items: readonly JsonNode[], path: JsonPath): Exclusion => {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  items.forEach((item, i) => {
    if (item.type === 'string') strings.add(item.value);
    else if (item.type === 'number') numbers.add(micros(item, [...path, i]));
    else fail('Inside anything but list, start|null|boolean is not supported.', [...path, i]);
  });
  const hasStrings = strings.size > 0;
  if (hasStrings === numbers.size > 0) {
    fail(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
      path,
    );
  }
  return hasStrings ? stringSetExclusion(strings) : numberSetExclusion(numbers);
};

const stringSetExclusion = (strings: ReadonlySet<string>): Exclusion => ({
  covers: (v) => isString(v) && strings.has(v.raw),
  wildcards: [],
});

// Numbers are excluded by value (5 and 5.0 are the same), and only numbers.
const numberSetExclusion = (numbers: ReadonlySet<number>): Exclusion => ({
  covers: (v) => {
    const n = v.numeric;
    return n !== null && numbers.has(n);
  },
  wildcards: [],
});

const anythingButOperator = define<Exclusion>({
  name: 'anything-but',
  extraKeyReason: TOO_MANY_NUMERIC,
  validate: (operand, path) => {
    switch (operand.type) {
      case 'object':
        return objectExclusion(operand, path);
      case 'array':
        return listExclusion(operand.items, path);
      case 'string':
        return stringSetExclusion(new Set([operand.value]));
      case 'number':
        return numberSetExclusion(new Set([micros(operand, path)]));
      default:
        return fail(ANYTHING_BUT_VALUE, path);
    }
  },
  predicate: ({ covers, wildcards }) => value((v) => !covers(v), SCAN, wildcards),
});

// ---------------------------------------------------------------------------------------------

/** Every operator EventBridge accepts in a match object, by name. */
export const OPERATORS: ReadonlyMap<string, AnyOperator> = new Map(
  [
    prefixOperator,
    suffixOperator,
    equalsIgnoreCaseOperator,
    wildcardOperator,
    existsOperator,
    cidrOperator,
    numericOperator,
    anythingButOperator,
  ].map((op) => [op.name, op]),
);

const compileMatchObject = (node: JsonNode & { type: 'object' }, path: JsonPath): Matcher => {
  const [first, extra] = node.entries;
  if (first === undefined) return fail('Match expression name not found', path);
  const operator = OPERATORS.get(first.key);
  if (operator === undefined) {
    return fail(`Unrecognized match type ${first.key}`, [...path, first.key]);
  }
  const matcher = operator.compile(first.value, [...path, first.key]);
  if (extra !== undefined) return fail(operator.extraKeyReason, [...path, extra.key]);
  return matcher;
};

const sameBytes = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const compileExactString = (text: string): Matcher => {
  // event-ruler turns a string that is an IP address into an address match, so
  // "2001:db8::1" also matches "2001:0db8:0:0:0:0:0:1".
  const ip = parseIp(text);
  if (ip.kind === 'ip') {
    const bytes = ip.bytes;
    return value(
      (v) => {
        const address = v.address;
        return address !== null && sameBytes(address, bytes);
      },
      { kind: 'address', key: addressKey(bytes) },
    );
  }
  return value((v) => v.raw === text, { kind: 'string', text });
};

const compileExactNumber = (text: string): Matcher => {
  const parsed = toMicros(text);
  if (parsed.ok) {
    const expected = parsed.micros;
    return value((v) => v.numeric === expected, { kind: 'number', micros: expected });
  }
  // Too big or too precise to compare: AWS falls back to the literal text. Events arrive
  // here already parsed, so "same literal" becomes "same double" (digits past 2^53 were
  // rounded the same way on both sides). Comparable event numbers only ever take the
  // numeric path in AWS, hence the null check.
  const literal = Number(text);
  return value((v) => v.numeric === null && v.raw === literal, { kind: 'literal', value: literal });
};

/**
 * Compiles one entry of a field's value list: a literal or a match object.
 *
 * @example
 * compileValue({ type: 'object', entries: [{ key: 'prefix', value: { type: 'string', value: 'us-' } }] }, ['region', 0]);
 */
export const compileValue = (node: JsonNode, path: JsonPath): Matcher => {
  const matcher = compileEntry(node, path);
  return matcher.kind === 'value' ? { ...matcher, text: jsonNodeToText(node) } : matcher;
};

const compileEntry = (node: JsonNode, path: JsonPath): Matcher => {
  switch (node.type) {
    case 'object':
      return compileMatchObject(node, path);
    case 'string':
      return compileExactString(node.value);
    case 'number':
      return compileExactNumber(node.text);
    case 'boolean': {
      const b = node.value;
      return value((v) => v.raw === b, { kind: 'scalar', value: b });
    }
    case 'null':
      return value((v) => v.raw === null, { kind: 'scalar', value: null });
    case 'array':
      return fail('Match value must be String, number, true, false, or null', path);
  }
};
