import type { ActionDefinition } from '../types.js';
import { startLoggingBehaviour } from './behaviour.js';
import { startLoggingNotes } from './notes.js';
import { startLoggingParams } from './params.js';

/**
 * Turns CloudTrail logging back on for the trail a StopLogging call stopped.
 *
 * @example
 * actions:
 *   - type: start-logging
 */
export const startLogging: ActionDefinition<typeof startLoggingParams> = {
  ...startLoggingBehaviour,
  summary: 'Restart logging on the CloudTrail trail the event stopped',
  notes: startLoggingNotes,
  params: startLoggingParams,
  permissions: ['cloudtrail:ListTags', 'cloudtrail:GetTrailStatus', 'cloudtrail:StartLogging'],
  targets: { cloudtrail: 'StopLogging: detail.requestParameters.name (a trail name or ARN)' },
};
