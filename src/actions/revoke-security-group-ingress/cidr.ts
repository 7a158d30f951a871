/**
 * Whether a CIDR admits every address. Any prefix length of 0 does, whatever
 * the address part says: EC2 keeps `203.0.113.7/0` as written, and it is as
 * open as `0.0.0.0/0`.
 * @example isOpenCidr('::/0') // true
 * @example isOpenCidr('10.0.0.0/8') // false
 */
export const isOpenCidr = (cidr: string | undefined): boolean =>
  cidr !== undefined && /^[0-9a-fA-F.:]+\/0+$/.test(cidr.trim());
