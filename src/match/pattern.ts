import { type CompiledStructure, compileStructure } from './compile.js';
import { fail } from './errors.js';
import { matchSubRule } from './evaluate.js';
import { type FlattenPlan, flattenEvent, flattenPlan } from './flatten.js';
import { type JsonNode, jsonNodeFromValue, jsonNodeToText, parseJsonText } from './json-text.js';
import { MAX_PATTERN_LENGTH } from './limits.js';

/** A validated EventBridge pattern, ready to test events against. */
export interface CompiledPattern {
  /** What was compiled: the pattern value, or the raw text for compilePatternText. */
  readonly source: unknown;
  /** True when EventBridge would deliver `event` to a rule with this pattern. Never throws. */
  matches(event: unknown): boolean;
}

class Pattern implements CompiledPattern {
  private readonly plan: FlattenPlan;

  constructor(
    readonly source: unknown,
    readonly structure: CompiledStructure,
  ) {
    this.plan = flattenPlan(structure.keys);
  }

  matches(event: unknown): boolean {
    // Events are untrusted input: anything odd (getters that throw, proxies) is a non-match.
    try {
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
      const occurrences = flattenEvent(event, this.plan);
      if (occurrences === null) return false;
      return this.structure.subRules.some((rule) => matchSubRule(rule, occurrences));
    } catch {
      return false;
    }
  }
}

/**
 * The sub-rules of a pattern compiled here, for the combined machine; undefined for any other
 * object that merely has a `matches` method.
 */
export const structureOf = (pattern: CompiledPattern): CompiledStructure | undefined =>
  pattern instanceof Pattern ? pattern.structure : undefined;

const isPlainObject = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const compileNode = (source: unknown, node: JsonNode): CompiledPattern =>
  new Pattern(source, compileStructure(node));

/**
 * Validates and compiles a pattern given as a value (for example parsed from YAML).
 * Throws InvalidPatternError with the reason EventBridge would give.
 *
 * @example
 * const p = compilePattern({ source: ['aws.guardduty'], detail: { severity: [{ numeric: ['>=', 7] }] } });
 * p.matches({ source: 'aws.guardduty', detail: { severity: 8.5 } }); // true
 */
export const compilePattern = (pattern: unknown): CompiledPattern => {
  if (!isPlainObject(pattern)) fail('Filter is not an object', []);
  const node = jsonNodeFromValue(pattern);
  const length = jsonNodeToText(node).length;
  if (length > MAX_PATTERN_LENGTH) {
    fail(`Event pattern is ${length} characters long; the maximum is ${MAX_PATTERN_LENGTH}`, []);
  }
  return compileNode(pattern, node);
};

/**
 * Validates and compiles a pattern from its raw JSON text, exactly as AWS receives it:
 * duplicate keys are allowed (the last one wins) and number literals keep their spelling.
 * Throws InvalidPatternError for invalid JSON too.
 *
 * @example
 * compilePatternText('{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}')
 *   .matches({ detail: { location: 'eu-central-1' } }); // true: only the second "location" counts
 */
export const compilePatternText = (text: string): CompiledPattern => {
  if (typeof text !== 'string') fail('Filter is not an object', []);
  return compileNode(text, parseJsonText(text));
};

/**
 * Compiles `pattern` and tests one event; prefer compilePattern when matching many events.
 *
 * @example
 * matchesPattern({ 'detail-type': ['GuardDuty Finding'] }, { 'detail-type': 'GuardDuty Finding' }); // true
 */
export const matchesPattern = (pattern: unknown, event: unknown): boolean =>
  compilePattern(pattern).matches(event);
