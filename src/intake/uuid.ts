import { createHash } from 'node:crypto';

// A fixed namespace of parry's own, so that ids derived here never collide
// with UUIDv5 ids that other tools derive from the same names.
const NAMESPACE = Buffer.from('548bc341fac5454c9e6eda38c2e8e58c', 'hex');

/**
 * A name-based UUID (RFC 9562 version 5) of the given parts: the same parts
 * always give the same id, so replaying a file twice gives the same events.
 *
 * @example deterministicUuid('cloudtrail', 'EXAMPLE8-9621-4d00') // '3b0c…-5…'
 */
export function deterministicUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
