import { MAX_COMPLEXITY_STATES } from './limits.js';

/**
 * A wildcard pattern split at its unescaped `*`s. `["a", "b*c"]` is `a*b\*c`.
 * Consecutive stars are rejected, so only the first and last segments can be empty.
 */
export interface Wildcard {
  readonly source: string;
  readonly segments: readonly string[];
}

export type WildcardParse = { ok: true; wildcard: Wildcard } | { ok: false; reason: string };

const utf8Length = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * Parses a wildcard value with event-ruler's escape rules (`\*` and `\\` only). Positions in
 * errors count UTF-8 bytes of the value as event-ruler stores it, with a leading quote.
 *
 * @example
 * parseWildcard('arn:aws:s3:::*'); // { ok: true, wildcard: { segments: ['arn:aws:s3:::', ''] } }
 * parseWildcard('a**');            // { ok: false, reason: 'Consecutive wildcard characters at pos 2' }
 */
export const parseWildcard = (source: string): WildcardParse => {
  const segments: string[] = [];
  let current = '';
  let bytePos = 1;
  const chars = Array.from(source);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    if (c === '*') {
      if (chars[i + 1] === '*') {
        return { ok: false, reason: `Consecutive wildcard characters at pos ${bytePos}` };
      }
      segments.push(current);
      current = '';
      bytePos += 1;
    } else if (c === '\\') {
      const next = chars[i + 1];
      if (next !== '*' && next !== '\\') {
        return { ok: false, reason: `Invalid escape character at pos ${bytePos}` };
      }
      current += next;
      bytePos += 2;
      i++;
    } else {
      current += c;
      bytePos += utf8Length(c.codePointAt(0) ?? 0);
    }
  }
  segments.push(current);
  return { ok: true, wildcard: { source, segments } };
};

/**
 * Glob match in O(length × segments): anchored first and last segments, then each middle
 * segment at its leftmost position, which is optimal for `*`-only globs (no backtracking).
 *
 * @example
 * wildcardMatches(parsed('*a*b'), 'xaxb'); // true
 */
export const wildcardMatches = (wildcard: Wildcard, value: string): boolean => {
  const { segments } = wildcard;
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let pos = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] ?? '';
    const found = value.indexOf(segment, pos);
    if (found === -1 || found + segment.length > end) return false;
    pos = found + segment.length;
  }
  return true;
};

const STAR = -1;
const OTHER_BYTE = -2;
const encoder = new TextEncoder();

/**
 * The pattern as event-ruler stores it, `"` + value + `"` for rules given as JSON, one token
 * per byte or star.
 */
const toTokens = (wildcard: Wildcard, quoted: boolean): number[] => {
  const tokens: number[] = quoted ? [0x22] : [];
  wildcard.segments.forEach((segment, i) => {
    if (i > 0) tokens.push(STAR);
    tokens.push(...encoder.encode(segment));
  });
  if (quoted) tokens.push(0x22);
  return tokens;
};

// A prefix ending in a star is matched whenever the prefix before the star is.
const closeOverStars = (tokens: readonly number[], states: Set<number>): Set<number> => {
  for (const k of [...states]) {
    if (tokens[k] === STAR) states.add(k + 1);
  }
  return states;
};

const stepStates = (tokens: readonly number[], states: ReadonlySet<number>, byte: number) => {
  const next = new Set<number>();
  for (const k of states) {
    if (k > 0 && tokens[k - 1] === STAR) next.add(k);
    if (k < tokens.length && tokens[k] === byte) next.add(k + 1);
  }
  return closeOverStars(tokens, next);
};

/**
 * event-ruler's MachineComplexityEvaluator measure for the wildcard patterns of one field:
 * the most pattern prefixes any single input value can match at the same time (prefixes of
 * length ≥ 1, counted per distinct pattern). Explores the subset construction and stops as
 * soon as `limit` is reached; returns `limit` also when the exploration budget runs out.
 * `quoted: false` measures the bare value, as event-ruler's own unit tests do.
 *
 * Calibration: event-ruler's own tests give `a*aaa` + `aa*aa` = 7 and `*a*a*a*a*a*a*a*a*` = 17,
 * which this reproduces. AWS rejects `*:*:*:*:*:event-bus/*` (11) and accepted three
 * `*:stack/NAME/*` values on one field (9) but not four (12); the threshold of 10 in limits.ts
 * is the round number between those.
 *
 * @example
 * wildcardComplexity([parsed('*:*:*:*:*:event-bus/*')], 100); // 11
 */
export const wildcardComplexity = (
  wildcards: readonly Wildcard[],
  limit: number,
  quoted = true,
): number => {
  const distinct = [...new Map(wildcards.map((w) => [w.source, w])).values()];
  const patterns = distinct.map((w) => toTokens(w, quoted));
  if (patterns.length === 0) return 0;
  const alphabet = alphabetOf(patterns);
  const start = patterns.map((tokens) => closeOverStars(tokens, new Set([0])));
  const seen = new Set<string>([keyOf(start)]);
  const pending = [start];
  let best = 0;
  for (let sets = pending.pop(); sets !== undefined; sets = pending.pop()) {
    best = Math.max(best, weightOf(sets));
    if (best >= limit || seen.size > MAX_COMPLEXITY_STATES) return limit;
    for (const byte of alphabet) {
      const next = patterns.map((tokens, i) => stepStates(tokens, sets[i] ?? new Set(), byte));
      const key = keyOf(next);
      if (!seen.has(key)) {
        seen.add(key);
        pending.push(next);
      }
    }
  }
  return best;
};

/** Bytes that matter to some pattern, plus one standing for every other byte. */
const alphabetOf = (patterns: readonly (readonly number[])[]): Set<number> => {
  const alphabet = new Set<number>([OTHER_BYTE]);
  for (const tokens of patterns) for (const t of tokens) if (t !== STAR) alphabet.add(t);
  return alphabet;
};

const keyOf = (sets: readonly ReadonlySet<number>[]): string =>
  sets.map((s) => [...s].sort((a, b) => a - b).join(',')).join('|');

/** Matched prefixes of length one or more, summed over patterns. */
const weightOf = (sets: readonly ReadonlySet<number>[]): number =>
  sets.reduce((sum, s) => sum + [...s].filter((k) => k >= 1).length, 0);
