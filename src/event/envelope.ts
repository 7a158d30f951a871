import { z } from 'zod';

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

/**
 * The fields AWS `TestEventPattern` requires of an event (it answers
 * "Parameter Event is not valid" without them). `version`, `resources` and
 * `detail` are optional there and defaulted here.
 */
export const eventBridgeEventSchema = z
  .looseObject({
    version: z.string().default('0'),
    id: z.string().min(1),
    'detail-type': z.string(),
    source: z.string().min(1),
    account: z.string().min(1),
    time: z.string().min(1),
    region: z.string().min(1),
    resources: z.array(z.unknown()).default([]),
    detail: z.record(z.string(), z.unknown()).default({}),
  })
  .transform((value) => value as EventBridgeEvent);

export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_DETAIL_TYPE = 'GuardDuty Finding';
export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';
export const CLOUDTRAIL_CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';

export const isGuardDutyFinding = (event: EventBridgeEvent): boolean =>
  event.source === GUARDDUTY_SOURCE && event['detail-type'] === GUARDDUTY_DETAIL_TYPE;

export const isCloudTrailEvent = (event: EventBridgeEvent): boolean =>
  typeof event['detail-type'] === 'string' && event['detail-type'].endsWith('via CloudTrail');
