import { describe, expect, it } from 'vitest';
import { compilePattern, compilePatternText, InvalidPatternError } from '../../src/match/index.js';
import { corpusAvailable, readCorpusJson, readCorpusText } from './corpus.js';
import { verdictOf } from './verdict.js';

const DIR = 'eventbridge_patterns/event-ruler/';

interface CorrectnessCase {
  name: string;
  expected_by_event_ruler: 'match' | 'no_match';
  rule: unknown;
  event: unknown;
}

interface NestedExpectations {
  rules: Record<string, string>;
  expectations: { event: string; rulesForJSONEvent: string[] }[];
}

const correctness = readCorpusJson<{ cases: CorrectnessCase[] }>(
  `${DIR}correctness_cases_with_expected.json`,
  { cases: [] },
).cases;
const nested = readCorpusJson<NestedExpectations>(`${DIR}nested_arrays_expectations.json`, {
  rules: {},
  expectations: [],
});

/** The patterns of a file holding a JSON array of them, as compact JSON text, by name. */
const ruleTexts = (file: string): { name: string; text: string }[] =>
  corpusAvailable
    ? (JSON.parse(readCorpusText(DIR + file)) as unknown[]).map((rule, i) => ({
        name: `${file.replace('.json', '')}[${i}]`,
        text: JSON.stringify(rule),
      }))
    : [];

// Reasons are event-ruler's (JsonRuleCompiler), not recorded from AWS.
const WRONG_OR_REASONS = [
  'There must have at least 2 Objects in $or relationship.',
  'Only JSON object is allowed in array of $or relationship.',
];
const OR_WORDING_REASONS = [
  'cidr is Ruler reserved fieldName which cannot be used inside $or.',
  'It must be an Array followed with $or.',
  'numeric is Ruler reserved fieldName which cannot be used inside $or.',
  'numeric is Ruler reserved fieldName which cannot be used inside $or.',
];

const reasonOf = (text: string): string => {
  try {
    compilePatternText(text);
  } catch (error) {
    if (error instanceof InvalidPatternError) return error.reason;
    throw error;
  }
  return 'accepted';
};

describe.skipIf(!corpusAvailable)('event-ruler array-consistency cases', () => {
  it('has all 51 cases', () => {
    expect(correctness).toHaveLength(51);
  });

  it.each(correctness)('$name', (c) => {
    expect(verdictOf(compilePattern(c.rule), c.event)).toBe(c.expected_by_event_ruler === 'match');
  });
});

describe.skipIf(!corpusAvailable)('event-ruler nested arrays (rulesForJSONEvent)', () => {
  it.each(nested.expectations)('$event matches exactly $rulesForJSONEvent', (expectation) => {
    const rules = Object.entries(nested.rules).map(
      ([name, file]) => [name, compilePatternText(readCorpusText(DIR + file))] as const,
    );
    const event: unknown = JSON.parse(readCorpusText(DIR + expectation.event));
    const matched = rules.filter(([, rule]) => verdictOf(rule, event)).map(([name]) => name);
    expect(matched).toEqual(expectation.rulesForJSONEvent);
  });
});

describe.skipIf(!corpusAvailable)('event-ruler $or rule files', () => {
  it.each(ruleTexts('orRelationshipRules.json'))('$name compiles', ({ text }) => {
    expect(() => compilePatternText(text)).not.toThrow();
  });

  it.each(ruleTexts('wrongOrRelationshipRules.json').map((c, i) => ({ ...c, i })))(
    '$name is rejected',
    ({ text, i }) => {
      expect(reasonOf(text)).toBe(WRONG_OR_REASONS[i]);
    },
  );

  it.each(ruleTexts('normalRulesWithOrWording.json').map((c, i) => ({ ...c, i })))(
    '$name is rejected: only the legacy compiler took "$or" as a field name',
    ({ text, i }) => {
      expect(reasonOf(text)).toBe(OR_WORDING_REASONS[i]);
    },
  );

  it('bigEventRule.json compiles', () => {
    expect(() => compilePatternText(readCorpusText(`${DIR}bigEventRule.json`))).not.toThrow();
  });
});
