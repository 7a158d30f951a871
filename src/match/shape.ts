import type { IpRange } from './cidr.js';
import type { NumericRange } from './numeric.js';
import type { Wildcard } from './wildcard.js';

/**
 * What one value matcher tests, in a form the combined machine can index: many patterns'
 * matchers on one field then share one lookup (a map, a trie, an interval list) instead of
 * each running its own test. The matcher's own test still decides; a shape only says where
 * to look, so an unindexable shape (`scan`) is always correct, just slower.
 */
export type ValueShape =
  /** An exact string that is not an IP address. */
  | { readonly kind: 'string'; readonly text: string }
  /** An exact string that is an IP address: it matches by address bytes. */
  | { readonly kind: 'address'; readonly key: string }
  /** An exact number EventBridge can compare, in millionths. */
  | { readonly kind: 'number'; readonly micros: number }
  /** A number too big or too precise to compare: matched by its double. */
  | { readonly kind: 'literal'; readonly value: number }
  | { readonly kind: 'scalar'; readonly value: boolean | null }
  | { readonly kind: 'prefix' | 'suffix'; readonly text: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly text: string }
  | { readonly kind: 'range'; readonly range: NumericRange }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'wildcard'; readonly wildcard: Wildcard }
  /** anything-but, exists: true: every value of the field is tested. */
  | { readonly kind: 'scan' };

export const SCAN: ValueShape = { kind: 'scan' };

/** The key an address is indexed by: its bytes, dotted. */
export const addressKey = (bytes: readonly number[]): string => bytes.join('.');
