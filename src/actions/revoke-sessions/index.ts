import type { ActionDefinition } from '../types.js';
import { revokeSessionsBehaviour } from './behaviour.js';
import { revokeSessionsNotes } from './notes.js';
import { revokeSessionsParams } from './params.js';

export { type RevokeSessionsParams, revokeSessionsParams } from './params.js';

/**
 * Denies every session of the event's role (or IAM user) issued before now,
 * as the IAM console's "Revoke active sessions" does.
 *
 * @example
 * actions:
 *   - type: revoke-sessions
 */
export const revokeSessions: ActionDefinition<typeof revokeSessionsParams> = {
  ...revokeSessionsBehaviour,
  summary:
    "Revoke the temporary credentials of the event's role or IAM user (AWSRevokeOlderSessions)",
  notes: revokeSessionsNotes,
  params: revokeSessionsParams,
  permissions: [
    'iam:GetRole',
    'iam:GetRolePolicy',
    'iam:PutRolePolicy',
    'iam:ListUserTags',
    'iam:GetUserPolicy',
    'iam:PutUserPolicy',
  ],
  targets: {
    guardduty:
      'detail.resource.accessKeyDetails.{userType,userName} (AssumedRole: the role; IAMUser: the user)',
    cloudtrail:
      'detail.userIdentity (AssumedRole: sessionContext.sessionIssuer; IAMUser: userName; FederatedUser: the issuing user)',
  },
};
