import { partitionOf } from '../../aws/credentials.js';
import { targetOf } from '../../aws/target.js';
import type { EventBridgeEvent } from '../../event/envelope.js';
import { stringField } from '../event-fields.js';
import { ActionInputError } from '../types.js';

/** The trail a StopLogging call stopped. */
export interface StoppedTrail {
  arn: string;
  name: string;
  /** Where the trail was created: the only region that can start a multi-Region trail. */
  homeRegion: string;
  account: string;
}

const TRAIL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/([^/]+)$/;
/** CloudTrail's naming rules: 3 to 128 of letters, digits, `.`, `_`, `-`, starting and ending alphanumeric. */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;

/**
 * Reads `requestParameters.name`, a trail name or ARN. A name resolves in
 * the caller's account and region, so its ARN is built from those.
 * @example stoppedTrail(stopLoggingByName).arn // 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/security-audit'
 */
export function stoppedTrail(event: EventBridgeEvent): StoppedTrail {
  const name = stringField(event.detail, 'eventName');
  if (name !== 'StopLogging') {
    throw new ActionInputError(
      `start-logging acts on StopLogging calls, not ${name ?? 'this event'}`,
    );
  }
  const given = stringField(event.detail, 'requestParameters', 'name');
  if (!given) throw new ActionInputError('the event names no trail (requestParameters.name)');
  const arn = TRAIL_ARN.exec(given);
  if (arn) {
    const [, , region = '', account = '', trailName = ''] = arn;
    return { arn: given, name: trailName, homeRegion: region, account };
  }
  if (given.startsWith('arn:') || !TRAIL_NAME.test(given)) {
    throw new ActionInputError(
      `requestParameters.name is neither a trail name nor a trail ARN: ${given}`,
    );
  }
  const { account, region } = targetOf(event);
  return {
    arn: `arn:${partitionOf(region)}:cloudtrail:${region}:${account}:trail/${given}`,
    name: given,
    homeRegion: region,
    account,
  };
}
