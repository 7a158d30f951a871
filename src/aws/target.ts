import { stringField } from '../actions/event-fields.js';
import type { EventBridgeEvent } from '../event/envelope.js';

/** Where an action must act: the account and region the event is about. */
export interface AwsTarget {
  account: string;
  region: string;
}

/**
 * Whether AWS itself produced the event. No PutEvents caller can send a
 * source beginning with `aws.` ("Customer-generated events can have any
 * value here, as long as it doesn't begin with aws.", EventBridge User
 * Guide, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html),
 * so only for these are the event's own account fields AWS's word.
 * @example isAwsEvent({ source: 'evil.app', ... }) // false
 */
export const isAwsEvent = (event: EventBridgeEvent): boolean => event.source.startsWith('aws.');

/**
 * The account and region an event is about, from fields AWS sets; the one
 * place parry chooses where to act.
 * - GuardDuty (`aws.guardduty`): a delegated administrator receives its
 *   members' findings, so the finding's own `accountId` and `region` say
 *   where the resource is, not the envelope (GuardDuty finding format,
 *   https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-format.html).
 * - Other AWS events (`aws.*`, CloudTrail's among them): CloudTrail's
 *   `recipientAccountId` ("the account ID that received this event") and
 *   `awsRegion` (CloudTrail record contents,
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 *   else the envelope.
 * - Any other source is a custom event: its `detail` is whatever the sender
 *   wrote, so only the envelope, which EventBridge sets (`account` is the
 *   sender's account), is read.
 * @example targetOf(memberFinding) // { account: '444455556666', region: 'eu-west-1' }
 */
export function targetOf(event: EventBridgeEvent): AwsTarget {
  const envelope = { account: event.account, region: event.region };
  if (!isAwsEvent(event)) return envelope;
  const d = event.detail;
  if (event.source === 'aws.guardduty') {
    return {
      account: stringField(d, 'accountId') ?? envelope.account,
      region: stringField(d, 'region') ?? envelope.region,
    };
  }
  return {
    account: stringField(d, 'recipientAccountId') ?? envelope.account,
    region: stringField(d, 'awsRegion') ?? envelope.region,
  };
}
