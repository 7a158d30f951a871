import { describe, expect, it } from 'vitest';
import { SUBJECT_LIMIT, toSubject } from '../../../src/actions/notify/subject.js';

const long = 'x'.repeat(500);

describe('toSubject', () => {
  it.each([
    ['plain ASCII', 'Quarantined i-0abc (Backdoor)', 'Quarantined i-0abc (Backdoor)'],
    ['accents, dropped', 'Café résumé naïve', 'Cafe resume naive'],
    ['symbols outside ASCII', 'key → disabled ✓', 'key ? disabled ?'],
    ['an emoji, one ? per character', 'alert 🚨 now', 'alert ? now'],
    ['CJK', '警告 i-1', '?? i-1'],
    ['LF', 'line one\nline two', 'line one line two'],
    ['CRLF and tabs', 'a\r\n\tb', 'a b'],
    ['Unicode line separators', 'a\u2028b\u2029c', 'a b c'],
    ['other control characters', 'a\u0000b\u001bc', 'a?b?c'],
    ['runs of spaces', 'a    b', 'a b'],
    ['leading and trailing blanks', '  \n subject \t ', 'subject'],
    ['only blanks', ' \n\t ', 'parry notification'],
    ['an empty string', '', 'parry notification'],
    ['99 characters, kept', 'y'.repeat(99), 'y'.repeat(99)],
    ['100 characters, cut', 'y'.repeat(100), `${'y'.repeat(96)}...`],
    ['500 characters, cut', long, `${'x'.repeat(96)}...`],
  ])('handles %s', (_case, input, expected) => {
    expect(toSubject(input)).toBe(expected);
  });

  it.each([
    ['unicode', '☃'.repeat(300)],
    ['newlines', 'a\n'.repeat(300)],
    ['500 characters', long],
    ['mixed', `Ünïcödé\r\n${'🚨'.repeat(80)}\t${'z'.repeat(200)}`],
  ])('always gives printable ASCII, one line, at most 99 characters, for %s', (_case, input) => {
    const subject = toSubject(input);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_LIMIT);
    expect(subject).not.toMatch(/^\s|\s$/);
  });
});
