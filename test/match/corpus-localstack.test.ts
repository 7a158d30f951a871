import { describe, expect, it } from 'vitest';
import {
  type CompiledPattern,
  compilePattern,
  compilePatternText,
  InvalidPatternError,
} from '../../src/match/index.js';
import { awsReason, corpusAvailable, readCorpusJson, readCorpusText } from './corpus.js';
import { verdictOf } from './verdict.js';

interface RecordedCase {
  name: string;
  expected: 'match' | 'no_match' | 'invalid' | 'invalid_event';
  aws_error_message?: string | null;
  event?: unknown;
  event_raw?: string;
  event_file?: string;
  pattern?: unknown;
  pattern_raw?: string;
  pattern_file?: string;
}

const DIR = 'eventbridge_patterns/localstack/';
const recorded = readCorpusJson<{ cases: RecordedCase[] }>(
  `${DIR}localstack_event_pattern_cases.json`,
  { cases: [] },
).cases;
const inline = readCorpusJson<{ cases: RecordedCase[] }>(`${DIR}localstack_inline_cases.json`, {
  cases: [],
}).cases;

const catchInvalid = (compile: () => CompiledPattern): InvalidPatternError => {
  try {
    compile();
  } catch (error) {
    if (error instanceof InvalidPatternError) return error;
    throw error;
  }
  throw new Error('pattern was accepted');
};

describe.skipIf(!corpusAvailable)('localstack cases recorded against AWS', () => {
  it('has all 155 cases', () => {
    expect(recorded).toHaveLength(155);
  });

  it.each(recorded)('$name → $expected', (c) => {
    const text = JSON.stringify(c.pattern);
    if (c.expected === 'invalid') {
      for (const compile of [() => compilePattern(c.pattern), () => compilePatternText(text)]) {
        const error = catchInvalid(compile);
        expect(error.reason).toBe(awsReason(c.aws_error_message ?? ''));
      }
      return;
    }
    const expected = c.expected === 'match';
    expect(verdictOf(compilePattern(c.pattern), c.event)).toBe(expected);
    expect(verdictOf(compilePatternText(text), c.event)).toBe(expected);
  });
});

const patternOf = (c: RecordedCase): CompiledPattern => {
  if (c.pattern_raw !== undefined) return compilePatternText(c.pattern_raw);
  if (c.pattern_file !== undefined) return compilePatternText(readCorpusText(DIR + c.pattern_file));
  return compilePattern(c.pattern);
};

const eventOf = (c: RecordedCase): unknown => {
  if (c.event_file !== undefined) return JSON.parse(readCorpusText(DIR + c.event_file));
  if (c.event_raw !== undefined) {
    // "plain string" is not JSON at all; AWS got those bytes as the event.
    try {
      return JSON.parse(c.event_raw);
    } catch {
      return c.event_raw;
    }
  }
  return c.event;
};

describe.skipIf(!corpusAvailable)('localstack inline cases (raw text, odd events)', () => {
  it.each(inline)('$name → $expected', (c) => {
    switch (c.expected) {
      case 'invalid': {
        const error = catchInvalid(() => patternOf(c));
        if (c.aws_error_message) expect(error.reason).toBe(awsReason(c.aws_error_message));
        break;
      }
      case 'invalid_event':
        // AWS refuses these events before matching ("Parameter Event is not valid"); that
        // envelope check lives elsewhere, the matcher on its own just reports no match.
        expect(verdictOf(patternOf(c), eventOf(c))).toBe(false);
        break;
      default:
        expect(verdictOf(patternOf(c), eventOf(c))).toBe(c.expected === 'match');
    }
  });

  it('duplicate keys: the last "location" wins, as AWS matched eu-central-1', () => {
    const text = readCorpusText(`${DIR}complex_multi_key_event_pattern.json`);
    const pattern = compilePatternText(text);
    expect(verdictOf(pattern, { detail: { location: 'eu-central-1' } })).toBe(true);
    // The first value alone ({"prefix": "us-"}) is ignored: a us- value still matches
    // unless it is exactly us-east.
    expect(verdictOf(pattern, { detail: { location: 'us-west-2' } })).toBe(true);
    expect(verdictOf(pattern, { detail: { location: 'us-east' } })).toBe(false);
  });
});
