/** `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-central-2`: what a region name looks like. */
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+-\d+$/;

/**
 * Event text made safe for a URL: a lone surrogate (`"\ud800"` in the JSON)
 * makes `encodeURIComponent` throw `URI malformed`, so it becomes U+FFFD. In
 * a `u` regex a lone surrogate is a code point of its own; pairs are not matched.
 * @example encodeText('a\ud800b') // 'a%EF%BF%BDb'
 */
const encodeText = (text: string): string =>
  encodeURIComponent(text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));

/**
 * The console's address for a region: the commercial partition answers on
 * per-region hosts, China and GovCloud on their own domains. An event's
 * region that is not a region name gets the global host.
 * @example consoleHost('eu-west-1') // 'https://eu-west-1.console.aws.amazon.com'
 */
export function consoleHost(region: string): string {
  if (!REGION.test(region)) return 'https://console.aws.amazon.com';
  if (region.startsWith('cn-')) return 'https://console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

/** @example guardDutyLink('us-east-1', 'abc') // '.../guardduty/home?region=us-east-1#/findings?macros=current&fId=abc' */
export const guardDutyLink = (region: string, findingId: string): string =>
  `${consoleHost(region)}/guardduty/home?region=${encodeText(region)}#/findings?macros=current&fId=${encodeText(findingId)}`;

/** @example cloudTrailLink('us-east-1', 'e0757...') // '.../cloudtrailv2/home?region=us-east-1#/events/e0757...' */
export const cloudTrailLink = (region: string, eventId: string): string =>
  `${consoleHost(region)}/cloudtrailv2/home?region=${encodeText(region)}#/events/${encodeText(eventId)}`;
