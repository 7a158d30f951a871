import { stringField } from '../actions/event-fields.js';
import type { EventBridgeEvent } from '../event/envelope.js';

/** Where an action must act: the account and region the event is about. */
export interface AwsTarget {
  account: string;
  region: string;
}

/**
 * A GuardDuty administrator receives its members' findings: the finding's own
 * `accountId` and `region` say where the resource is, not the envelope.
 * @example targetOf(memberFinding) // { account: '444455556666', region: 'eu-west-1' }
 */
export function targetOf(event: EventBridgeEvent): AwsTarget {
  const d = event.detail;
  if (event.source === 'aws.guardduty') {
    return {
      account: stringField(d, 'accountId') ?? event.account,
      region: stringField(d, 'region') ?? event.region,
    };
  }
  return {
    account: stringField(d, 'recipientAccountId') ?? event.account,
    region: stringField(d, 'awsRegion') ?? event.region,
  };
}
