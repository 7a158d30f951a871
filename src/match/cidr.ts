/**
 * IP addresses and CIDR blocks with event-ruler's rules: a cheap shape check decides whether a
 * string is an address at all, then Java's InetAddress literal parser decides whether it is a
 * valid one (IPv4-mapped IPv6 addresses become IPv4, as Java does).
 */

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** An address as its 4 or 16 bytes. */
export type IpBytes = readonly number[];

const parseIpv4 = (text: string): IpBytes | null => {
  const parts = text.split('.');
  const bytes: number[] = [];
  for (const part of parts) {
    // Current JDKs refuse octets with leading zeros as ambiguous (octal or decimal?).
    if (part.length > 3 || (part.length > 1 && part.startsWith('0'))) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
};

const parseIpv6Groups = (text: string): number[] | null => {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    groups.push(Number.parseInt(group, 16));
  }
  return groups;
};

const parseIpv6 = (text: string): IpBytes | null => {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseIpv6Groups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
};

export type IpParse =
  | { kind: 'ip'; bytes: IpBytes }
  /** Does not even look like an address: event-ruler says "Nonstandard IP address". */
  | { kind: 'nonstandard' }
  /** Looks like one but the JDK refuses it: "Invalid IP address". */
  | { kind: 'invalid' };

/**
 * @example
 * parseIp('10.0.0.1');     // { kind: 'ip', bytes: [10, 0, 0, 1] }
 * parseIp('::ffff:a00:1'); // { kind: 'ip', bytes: [10, 0, 0, 1] }
 */
export const parseIp = (text: string): IpParse => {
  if (IPV4_SHAPE.test(text)) {
    const bytes = parseIpv4(text);
    return bytes === null ? { kind: 'invalid' } : { kind: 'ip', bytes };
  }
  if (IPV6_SHAPE.test(text)) {
    const bytes = parseIpv6(text);
    return bytes === null ? { kind: 'invalid' } : { kind: 'ip', bytes };
  }
  return { kind: 'nonstandard' };
};

/** Inclusive byte bounds of a CIDR block. */
export interface IpRange {
  readonly low: IpBytes;
  readonly high: IpBytes;
}

export type CidrParse = { ok: true; range: IpRange } | { ok: false; reason: string };

// Java's String.split drops trailing empty strings, which decides the "one '/'" check.
const javaSplitOnSlash = (text: string): string[] => {
  const parts = text.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
};

/**
 * Parses `address/bits`. The lower bound is the address as written, not the network address:
 * event-ruler does not mask it, so `10.0.0.5/24` covers 10.0.0.5 to 10.0.0.255.
 *
 * @example
 * parseCidr('10.0.0.0/24'); // { ok: true, range: { low: [10,0,0,0], high: [10,0,0,255] } }
 */
export const parseCidr = (text: string): CidrParse => {
  const parts = javaSplitOnSlash(text);
  const [address, maskText] = parts;
  if (parts.length !== 2 || address === undefined || maskText === undefined) {
    return { ok: false, reason: "Malformed CIDR, one '/' required" };
  }
  const bits = parseJavaInt(maskText);
  if (bits === null) return { ok: false, reason: 'Malformed CIDR, mask bits must be an integer' };
  if (bits < 0) return { ok: false, reason: 'Malformed CIDR, mask bits must not be negative' };
  const ip = parseIp(address);
  if (ip.kind === 'nonstandard') return { ok: false, reason: `Nonstandard IP address: ${address}` };
  if (ip.kind === 'invalid') return { ok: false, reason: `Invalid IP address: ${address}` };
  const low = ip.bytes;
  if (low.length === 4 && bits > 31) return { ok: false, reason: 'IPv4 mask bits must be < 32' };
  if (low.length === 16 && bits > 127) return { ok: false, reason: 'IPv6 mask bits must be < 128' };
  return { ok: true, range: { low, high: withHostBitsSet(low, low.length * 8 - bits) } };
};

/** Integer.parseInt: optional sign, decimal digits, must fit in an int. */
const parseJavaInt = (text: string): number | null => {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const n = Number(text);
  return n <= 2147483647 && n >= -2147483648 ? n : null;
};

const withHostBitsSet = (address: IpBytes, hostBits: number): IpBytes =>
  address.map((byte, i) => {
    const bitsInByte = hostBits - 8 * (address.length - 1 - i);
    if (bitsInByte >= 8) return 0xff;
    return bitsInByte <= 0 ? byte : byte | ((1 << bitsInByte) - 1);
  });

const compareBytes = (a: IpBytes, b: IpBytes): number => {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/**
 * @example
 * ipInRange(parseCidr('10.0.0.0/24').range, [10, 0, 0, 7]); // true
 */
export const ipInRange = (range: IpRange, ip: IpBytes): boolean =>
  ip.length === range.low.length &&
  compareBytes(ip, range.low) >= 0 &&
  compareBytes(ip, range.high) <= 0;
