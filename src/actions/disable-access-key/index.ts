import type { ActionDefinition } from '../types.js';
import { disableAccessKeyBehaviour } from './behaviour.js';
import { disableAccessKeyNotes } from './notes.js';
import { disableAccessKeyParams } from './params.js';

export { type DisableAccessKeyParams, disableAccessKeyParams } from './params.js';

/**
 * Makes exactly the leaked key inactive (never another key of the user, never a deletion).
 *
 * @example
 * actions:
 *   - type: disable-access-key
 */
export const disableAccessKey: ActionDefinition<typeof disableAccessKeyParams> = {
  ...disableAccessKeyBehaviour,
  summary: 'Deactivate the IAM user access key the event names',
  notes: disableAccessKeyNotes,
  params: disableAccessKeyParams,
  permissions: ['iam:ListUserTags', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  targets: {
    guardduty: 'detail.resource.accessKeyDetails.{accessKeyId,userName}',
    cloudtrail: 'detail.userIdentity.{accessKeyId,userName}',
  },
};
