/** SNS: "less than 100 characters long". */
export const SUBJECT_LIMIT = 99;
const FALLBACK = 'parry notification';

/**
 * An SNS subject from any text: printable ASCII on one line, at most 99
 * characters. Accents are dropped (é → e), other characters become `?`, line
 * breaks and tabs become spaces; anything is replaced, never rejected.
 * @example toSubject('Quarantined i-1\n(Backdoor)') // 'Quarantined i-1 (Backdoor)'
 */
export function toSubject(text: string): string {
  const clean = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  const subject = clean.length > SUBJECT_LIMIT ? `${clean.slice(0, SUBJECT_LIMIT - 3)}...` : clean;
  return subject === '' ? FALLBACK : subject;
}
