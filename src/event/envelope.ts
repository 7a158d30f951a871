/** The envelope EventBridge puts around every event it delivers. */
export interface EventBridgeEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: unknown[];
  detail: Record<string, unknown>;
  [key: string]: unknown;
}

/** Why a value is not an envelope, one field at a time (the codes are those zod would give). */
export type EnvelopeProblem =
  | { path: string[]; code: 'invalid_type'; expected: 'object' | 'string' | 'array' | 'record' }
  | { path: string[]; code: 'too_small' };

export type EnvelopeCheck =
  | { success: true; data: EventBridgeEvent }
  | { success: false; problems: EnvelopeProblem[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each field: its kind, whether it may be empty, its default when absent. */
const FIELDS: readonly { key: string; kind: 'string' | 'array' | 'record'; empty: boolean }[] = [
  { key: 'version', kind: 'string', empty: true },
  { key: 'id', kind: 'string', empty: false },
  { key: 'detail-type', kind: 'string', empty: true },
  { key: 'source', kind: 'string', empty: false },
  { key: 'account', kind: 'string', empty: false },
  { key: 'time', kind: 'string', empty: false },
  { key: 'region', kind: 'string', empty: false },
  { key: 'resources', kind: 'array', empty: true },
  { key: 'detail', kind: 'record', empty: true },
];

const DEFAULTS: Record<string, () => unknown> = {
  version: () => '0',
  resources: () => [],
  detail: () => ({}),
};

const hasKind = (value: unknown, kind: 'string' | 'array' | 'record'): boolean =>
  kind === 'string'
    ? typeof value === 'string'
    : kind === 'array'
      ? Array.isArray(value)
      : isObject(value);

/**
 * Checks the envelope of an untrusted event: the fields AWS `TestEventPattern`
 * requires of an event (it answers "Parameter Event is not valid" without
 * them). `version`, `resources` and `detail` are optional there and defaulted
 * here; other fields are kept. Every problem is given, in the fields' order.
 * @example checkEnvelope({ id: '' }).success // false: id is empty, source... missing
 */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  if (!isObject(value)) {
    return { success: false, problems: [{ path: [], code: 'invalid_type', expected: 'object' }] };
  }
  const data: Record<string, unknown> = { ...value };
  const problems: EnvelopeProblem[] = [];
  for (const { key, kind, empty } of FIELDS) {
    const field = Object.hasOwn(value, key) ? value[key] : undefined;
    const fallback = DEFAULTS[key];
    if (field === undefined && fallback) data[key] = fallback();
    else if (!hasKind(field, kind))
      problems.push({ path: [key], code: 'invalid_type', expected: kind });
    else if (!empty && field === '') problems.push({ path: [key], code: 'too_small' });
  }
  if (problems.length > 0) return { success: false, problems };
  return { success: true, data: data as EventBridgeEvent };
}

export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_DETAIL_TYPE = 'GuardDuty Finding';
export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';
export const CLOUDTRAIL_CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';

export const isGuardDutyFinding = (event: EventBridgeEvent): boolean =>
  event.source === GUARDDUTY_SOURCE && event['detail-type'] === GUARDDUTY_DETAIL_TYPE;

export const isCloudTrailEvent = (event: EventBridgeEvent): boolean =>
  typeof event['detail-type'] === 'string' && event['detail-type'].endsWith('via CloudTrail');
