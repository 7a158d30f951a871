import { editDistance } from '../text/similar.js';
import { parseCidr, parseIp } from './cidr.js';
import type { Scalar } from './event-value.js';
import { type JsonNode, jsonNodeToText } from './json-text.js';

/** How close one alternative of a value list came to one event value: 0 (nowhere) to 1. */
export interface Miss {
  readonly score: number;
  readonly why: string;
}

const show = (value: Scalar): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

const typeOf = (value: Scalar): string => (value === null ? 'null' : typeof value);

/** Similarity of two strings from their edit distance, 0 to 1. */
function similarity(a: string, b: string): number {
  const longest = Math.min(Math.max(a.length, b.length), 256);
  return longest === 0 ? 1 : Math.max(0, 1 - editDistance(a, b) / longest);
}

const commonPrefix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

function literalMiss(expected: Scalar, value: Scalar): Miss {
  if (typeOf(expected) !== typeOf(value)) {
    const same = String(expected) === String(value);
    return {
      score: same ? 0.9 : 0.1,
      why: `the event has ${typeOf(value)} ${show(value)}, the pattern ${typeOf(expected)} ${show(expected)}${same ? ' (types must agree)' : ''}`,
    };
  }
  if (typeof expected === 'string' && typeof value === 'string') {
    if (expected.toLowerCase() === value.toLowerCase()) {
      return {
        score: 0.95,
        why: `${show(value)} differs from ${show(expected)} only in case (use equals-ignore-case)`,
      };
    }
    return {
      score: similarity(expected, value) * 0.9,
      why: `${show(value)} is not ${show(expected)}`,
    };
  }
  return { score: 0.3, why: `${show(value)} is not ${show(expected)}` };
}

const NUMERIC_WORDS: Readonly<Record<string, string>> = {
  '=': '=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

function numericMiss(operand: JsonNode, value: Scalar): Miss {
  const text =
    operand.type === 'array'
      ? operand.items
          .map((n) =>
            n.type === 'string' ? (NUMERIC_WORDS[n.value] ?? n.value) : jsonNodeToText(n),
          )
          .join(' ')
      : jsonNodeToText(operand);
  if (typeof value !== 'number') {
    return {
      score: typeof value === 'string' && !Number.isNaN(Number(value)) ? 0.5 : 0.1,
      why: `the event has ${typeOf(value)} ${show(value)}: numeric matches numbers only`,
    };
  }
  return { score: 0.6, why: `${value} is not ${text}` };
}

function affixMiss(kind: 'prefix' | 'suffix', operand: JsonNode, value: Scalar): Miss {
  const ignoreCase = operand.type === 'object';
  const inner = operand.type === 'object' ? operand.entries[0]?.value : operand;
  const affix = inner?.type === 'string' ? inner.value : '';
  if (typeof value !== 'string') {
    return {
      score: 0.05,
      why: `the event has ${typeOf(value)} ${show(value)}: ${kind} matches strings only`,
    };
  }
  const a = ignoreCase ? affix.toLowerCase() : affix;
  const v = ignoreCase ? value.toLowerCase() : value;
  const shared =
    kind === 'prefix'
      ? commonPrefix(a, v)
      : commonPrefix([...a].reverse().join(''), [...v].reverse().join(''));
  const caseOnly =
    !ignoreCase &&
    (kind === 'prefix'
      ? v.toLowerCase().startsWith(a.toLowerCase())
      : v.toLowerCase().endsWith(a.toLowerCase()));
  const verb = kind === 'prefix' ? 'start' : 'end';
  return {
    score: caseOnly ? 0.95 : (shared / Math.max(1, a.length)) * 0.9,
    why: `${show(value)} does not ${verb} with ${JSON.stringify(affix)}${caseOnly ? ' (it does but for case)' : ''}`,
  };
}

function cidrMiss(operand: JsonNode, value: Scalar): Miss {
  const block = operand.type === 'string' ? operand.value : jsonNodeToText(operand);
  if (typeof value !== 'string' || parseIp(value).kind !== 'ip') {
    return { score: 0.05, why: `${show(value)} is not an IP address` };
  }
  const range = parseCidr(block);
  return { score: range.ok ? 0.5 : 0.1, why: `${value} is not in ${block}` };
}

/**
 * Why one alternative of a field's value list did not accept a present value,
 * and how close it came (to pick the alternative worth showing).
 * @example missOf({ type: 'string', value: 'aws.cloudtrail' }, 'aws.signin').why // '"aws.signin" is not "aws.cloudtrail"'
 */
export function missOf(alternative: JsonNode, value: Scalar): Miss {
  switch (alternative.type) {
    case 'string':
      return literalMiss(alternative.value, value);
    case 'number':
      return literalMiss(Number(alternative.text), value);
    case 'boolean':
      return literalMiss(alternative.value, value);
    case 'null':
      return literalMiss(null, value);
    case 'array':
      return { score: 0, why: 'not a valid alternative' };
    case 'object':
      break;
  }
  const [first] = alternative.entries;
  const operand = first?.value ?? { type: 'null' };
  switch (first?.key) {
    case 'prefix':
    case 'suffix':
      return affixMiss(first.key, operand, value);
    case 'numeric':
      return numericMiss(operand, value);
    case 'cidr':
      return cidrMiss(operand, value);
    case 'exists':
      return { score: 0.2, why: `present (${show(value)}), but the pattern wants it absent` };
    case 'anything-but':
      return {
        score: 0.2,
        why: `${show(value)} is excluded by anything-but ${jsonNodeToText(operand)}`,
      };
    case 'equals-ignore-case':
      return {
        score:
          typeof value === 'string' && operand.type === 'string'
            ? similarity(operand.value.toLowerCase(), value.toLowerCase()) * 0.9
            : 0.05,
        why: `${show(value)} is not ${jsonNodeToText(operand)}, even ignoring case`,
      };
    case 'wildcard':
      return {
        score: typeof value === 'string' ? 0.4 : 0.05,
        why: `${show(value)} does not fit the wildcard ${jsonNodeToText(operand)}`,
      };
    default:
      return { score: 0.1, why: `${show(value)} does not satisfy ${jsonNodeToText(alternative)}` };
  }
}
