import { field, stringField } from '../actions/event-fields.js';
import { isAwsEvent } from '../aws/target.js';
import { type EventBridgeEvent, isCloudTrailEvent, isGuardDutyFinding } from '../event/envelope.js';
import type { Settings } from '../settings.js';
import { isOwnPrincipal } from './principal.js';

/** A default guard: when it holds, no playbook acts on the event. */
interface Guard {
  reason: (event: EventBridgeEvent) => string;
  holds: (event: EventBridgeEvent, settings: Settings) => boolean;
}

const GUARDS: readonly Guard[] = [
  {
    reason: () => 'sample finding (service.additionalInfo.sample)',
    holds: (event) => {
      if (!isGuardDutyFinding(event)) return false;
      const sample = field(event.detail, 'service', 'additionalInfo', 'sample');
      return sample === true || sample === 'true';
    },
  },
  {
    reason: (event) => `failed call (errorCode ${stringField(event.detail, 'errorCode')})`,
    holds: (event) =>
      isCloudTrailEvent(event) && stringField(event.detail, 'errorCode') !== undefined,
  },
  {
    reason: () => "own principal (the responder's role caused this event)",
    holds: isOwnPrincipal,
  },
  {
    // Anyone the bus policy lets call PutEvents can write a custom event:
    // parry acts in another account only for events AWS produced (aws.*).
    reason: (event) =>
      `custom event (source ${event.source}) from account ${event.account}: parry acts on another account only for events AWS produced (source aws.*)`,
    holds: (event, settings) =>
      !isAwsEvent(event) &&
      settings.responderAccount !== undefined &&
      event.account !== settings.responderAccount,
  },
];

/**
 * The reason the default guards stop this event, if any.
 * @example guardReason(sampleFinding, settings) // 'sample finding (service.additionalInfo.sample)'
 */
export function guardReason(event: EventBridgeEvent, settings: Settings): string | undefined {
  const guard = GUARDS.find((g) => g.holds(event, settings));
  return guard?.reason(event);
}
