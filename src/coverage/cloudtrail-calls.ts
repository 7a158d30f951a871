import { parse } from 'yaml';
import { z } from 'zod';
import type { EventBridgeEvent } from '../event/envelope.js';
import { wrapCloudTrailRecord } from '../intake/index.js';
import { readDataFile } from './data-file.js';

const record = z.record(z.string(), z.unknown());

/** A CloudTrail call that a security team wants answered (data/cloudtrail-high-risk-calls.yml). */
const riskyCallSchema = z.strictObject({
  /** `StopLogging`, or `ConsoleLogin (root, no MFA)` for a variant. */
  label: z.string().min(1),
  eventSource: z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/),
  eventName: z.string().min(1),
  why: z.string().min(1),
  requestParameters: record.optional(),
  responseElements: record.optional(),
  additionalEventData: record.optional(),
  eventType: z.string().optional(),
  userIdentity: record.optional(),
});

export type RiskyCall = z.output<typeof riskyCallSchema>;

export const RISKY_CALLS_FILE = 'data/cloudtrail-high-risk-calls.yml';

const ACCOUNT = '111122223333';

const USER = {
  type: 'IAMUser',
  principalId: 'AIDAQ3EGRLKTCOVERAGE',
  arn: `arn:aws:iam::${ACCOUNT}:user/coverage-probe`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAQ3EGRLKTCOVERAGE',
  userName: 'coverage-probe',
};

/**
 * The high-risk calls shipped in data/cloudtrail-high-risk-calls.yml; a
 * malformed entry is an error naming its place.
 * @example riskyCalls()[0]?.eventName // 'StopLogging'
 */
export function riskyCalls(text = readDataFile(RISKY_CALLS_FILE)): RiskyCall[] {
  const parsed = z.strictObject({ calls: z.array(riskyCallSchema).min(1) }).safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${RISKY_CALLS_FILE}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data.calls;
}

/**
 * The call as CloudTrail records it, wrapped as EventBridge delivers it (the
 * same wrapping replay uses for raw records).
 * @example cloudTrailEvent(RISKY_CALLS[0]).source // 'aws.cloudtrail'
 */
export function cloudTrailEvent(call: RiskyCall, index: number): EventBridgeEvent {
  const record = {
    eventVersion: '1.09',
    userIdentity: call.userIdentity ?? USER,
    eventTime: '2026-11-22T10:00:00Z',
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'parry-coverage',
    requestParameters: call.requestParameters ?? null,
    responseElements: call.responseElements ?? null,
    ...(call.additionalEventData ? { additionalEventData: call.additionalEventData } : {}),
    requestID: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    eventID: `00000000-0000-4000-9000-${String(index).padStart(12, '0')}`,
    readOnly: false,
    eventType: call.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
  const wrapped = wrapCloudTrailRecord(record);
  if (wrapped === 'read-only')
    throw new Error(`${call.label} is read-only: it does not belong in the list`);
  return wrapped;
}
