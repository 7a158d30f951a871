import type { ActionDefinition } from '../types.js';
import { quarantineUserBehaviour } from './behaviour.js';
import { quarantineUserNotes } from './notes.js';
import { quarantineUserParams } from './params.js';

export { type QuarantineUserParams, quarantineUserParams } from './params.js';

/**
 * Denies an IAM user everything, removes its console password and, with
 * `disable-keys`, deactivates its active keys.
 *
 * @example
 * actions:
 *   - type: quarantine-user
 *     disable-keys: true
 */
export const quarantineUser: ActionDefinition<typeof quarantineUserParams> = {
  ...quarantineUserBehaviour,
  summary:
    'Deny an IAM user everything (parry-quarantine), remove its console password, optionally deactivate its keys',
  notes: quarantineUserNotes,
  params: quarantineUserParams,
  permissions: [
    'iam:ListUserTags',
    'iam:PutUserPolicy',
    'iam:DeleteLoginProfile',
    'iam:ListAccessKeys',
    'iam:UpdateAccessKey',
  ],
  targets: {
    guardduty: 'detail.resource.accessKeyDetails.userName (userType IAMUser)',
    cloudtrail: 'detail.userIdentity.userName (type IAMUser)',
  },
};
