import {
  type EventBridgeEvent,
  GUARDDUTY_DETAIL_TYPE,
  GUARDDUTY_SOURCE,
} from '../event/envelope.js';
import { IntakeError } from './errors.js';
import { isJsonObject, type JsonObject, own, requirePresent, stringField } from './fields.js';
import { toEventBridgeTime } from './time.js';
import { deterministicUuid } from './uuid.js';

const WHAT = 'GuardDuty finding';

/**
 * Whether an object is a raw GuardDuty finding (the `detail` of a
 * "GuardDuty Finding" event, as GetFindings, S3 exports and SIEMs hold it).
 */
export function looksLikeGuardDutyFinding(value: JsonObject): boolean {
  const arn = own(value, 'arn');
  if (typeof arn === 'string' && arn.includes(':guardduty:')) return true;
  return (
    typeof own(value, 'schemaVersion') === 'string' &&
    typeof own(value, 'type') === 'string' &&
    (isJsonObject(own(value, 'service')) || isJsonObject(own(value, 'resource')))
  );
}

/**
 * Wraps a raw finding as EventBridge delivers it: `source: aws.guardduty`,
 * `detail-type: GuardDuty Finding`, the finding as `detail`, account and
 * region from the finding, `time` from `updatedAt`, and an id derived from
 * the finding id and `updatedAt` (GuardDuty sends a new event each time a
 * finding is updated, so the pair identifies one delivery).
 *
 * @throws IntakeError naming the field that is missing or not usable.
 * @example
 * wrapGuardDutyFinding({ id: 'f1', accountId: '123456789012', region: 'us-east-1',
 *   updatedAt: '2024-01-01T12:00:00.000Z', type: 'Recon:EC2/PortProbeUnprotectedPort', ... })
 * // { version: '0', source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding',
 * //   time: '2024-01-01T12:00:00Z', account: '123456789012', resources: [], detail: finding, ... }
 */
export function wrapGuardDutyFinding(finding: Record<string, unknown>): EventBridgeEvent {
  requirePresent(WHAT, finding, ['id', 'accountId', 'region', 'updatedAt']);
  const id = stringField(WHAT, finding, 'id');
  const account = stringField(WHAT, finding, 'accountId');
  const region = stringField(WHAT, finding, 'region');
  // Some exports write updatedAt as epoch seconds or milliseconds.
  const updatedAt = own(finding, 'updatedAt');
  const time = toEventBridgeTime(updatedAt);
  if (time === undefined) {
    throw new IntakeError(
      `${WHAT} cannot be wrapped: updatedAt ${JSON.stringify(updatedAt)} is not a timestamp`,
    );
  }
  return {
    version: '0',
    id: deterministicUuid('guardduty-finding', id, String(updatedAt)),
    'detail-type': GUARDDUTY_DETAIL_TYPE,
    source: GUARDDUTY_SOURCE,
    account,
    time,
    region,
    resources: [],
    detail: finding,
  };
}
