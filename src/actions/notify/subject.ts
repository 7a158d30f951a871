const SUBJECT_LIMIT = 99;

/**
 * SNS subjects must be printable ASCII without line breaks and under 100
 * characters: anything else is replaced, never rejected.
 * @example toSubject('Quarantined i-1\n(Backdoor)') // 'Quarantined i-1 (Backdoor)'
 */
export function toSubject(text: string): string {
  const clean = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  const subject = clean.length > SUBJECT_LIMIT ? `${clean.slice(0, SUBJECT_LIMIT - 3)}...` : clean;
  return subject === '' ? 'parry notification' : subject;
}
