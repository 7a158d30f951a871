import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidPatternError } from '../../src/match/index.js';
import { corpusAvailable, readCorpusJson, readCorpusText } from './corpus.js';
import { verdictOf } from './verdict.js';

interface RealWorldPattern {
  id: string;
  origin: string;
  pattern: unknown;
}

interface Matrix {
  patterns: Record<string, { valid: boolean; error?: string; matches: string[] }>;
  events: Record<string, string[]>;
}

const DIR = 'eventbridge_patterns/realworld/';
const patterns = readCorpusJson<{ patterns: RealWorldPattern[] }>(`${DIR}patterns.json`, {
  patterns: [],
}).patterns;
const matrix = readCorpusJson<Matrix>(`${DIR}match_matrix.json`, { patterns: {}, events: {} });
const eventFiles = Object.keys(matrix.events);
const events = new Map(
  eventFiles.map((file) => [file, JSON.parse(readCorpusText(file)) as unknown]),
);

// The matrix was computed with event-ruler, not AWS; every cell is still expected to agree.
describe.skipIf(!corpusAvailable)(
  'real-world patterns × corpus events (event-ruler matrix)',
  () => {
    it.each(patterns)('$id ($origin)', ({ id, pattern }) => {
      const expected = matrix.patterns[id];
      expect(expected).toBeDefined();
      if (!expected?.valid) {
        expect(() => compilePattern(pattern)).toThrow(InvalidPatternError);
        try {
          compilePattern(pattern);
        } catch (error) {
          expect((error as InvalidPatternError).reason).toBe(expected?.error);
        }
        return;
      }
      const compiled = compilePattern(pattern);
      const matched = eventFiles.filter((file) => verdictOf(compiled, events.get(file)));
      expect(matched.sort()).toEqual([...expected.matches].sort());
    });
  },
);
