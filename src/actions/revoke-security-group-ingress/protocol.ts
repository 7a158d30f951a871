/** EC2 accepts a protocol by name or number; Describe answers with the name for these. */
const NAMES = new Map([
  ['6', 'tcp'],
  ['17', 'udp'],
  ['1', 'icmp'],
  ['58', 'icmpv6'],
]);

const canonical = (protocol: string): string => {
  const lower = protocol.trim().toLowerCase();
  return NAMES.get(lower) ?? lower;
};

/**
 * One spelling per protocol, to compare what a request said with what EC2 reports.
 * @example sameProtocol('6', 'TCP') // true
 */
export const sameProtocol = (a: string, b: string): boolean => canonical(a) === canonical(b);

/** `-1` is every protocol, and then EC2 ignores the ports. */
export const isAllProtocols = (protocol: string): boolean => protocol.trim() === '-1';
