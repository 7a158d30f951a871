/**
 * The console's address for a region: the commercial partition answers on
 * per-region hosts, China and GovCloud on their own domains.
 * @example consoleHost('eu-west-1') // 'https://eu-west-1.console.aws.amazon.com'
 */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'https://console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${encodeURIComponent(region)}.console.aws.amazon.com`;
}

/** @example guardDutyLink('us-east-1', 'abc') // '.../guardduty/home?region=us-east-1#/findings?macros=current&fId=abc' */
export const guardDutyLink = (region: string, findingId: string): string =>
  `${consoleHost(region)}/guardduty/home?region=${encodeURIComponent(region)}#/findings?macros=current&fId=${encodeURIComponent(findingId)}`;

/** @example cloudTrailLink('us-east-1', 'e0757...') // '.../cloudtrailv2/home?region=us-east-1#/events/e0757...' */
export const cloudTrailLink = (region: string, eventId: string): string =>
  `${consoleHost(region)}/cloudtrailv2/home?region=${encodeURIComponent(region)}#/events/${encodeURIComponent(eventId)}`;
