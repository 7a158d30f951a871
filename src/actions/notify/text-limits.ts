/** UTF-8 size, the unit AWS size limits are written in. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * At most `max` characters (code points, so a surrogate pair is never split),
 * marked with `...` when cut.
 * @example clip('Backdoor:EC2/C&CActivity.B', 12) // 'Backdoor:...'
 */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 3)).join('')}...`;
}

/**
 * The longest prefix of `text` that fits in `maxBytes` of UTF-8, never
 * splitting a character.
 * @example cutToBytes('héllo', 2) // 'h'
 */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (used + size > maxBytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * Event text made safe to show: control characters (other than line breaks
 * and tabs) and lone surrogates become `?`.
 * @example printable('a\u0000b') // 'a?b'
 */
export const printable = (text: string): string =>
  text.replace(/[\p{Cc}\p{Cs}]/gu, (c) => (c === '\n' || c === '\t' ? c : '?'));

/**
 * Event text on one line, so a crafted value cannot forge lines of a report.
 * @example oneLine('i-1\nSeverity: Low') // 'i-1 Severity: Low'
 */
export const oneLine = (text: string): string =>
  printable(text.replace(/[\r\n\t\u2028\u2029]+/g, ' '));
