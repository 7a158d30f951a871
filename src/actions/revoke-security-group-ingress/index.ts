import type { ActionDefinition } from '../types.js';
import { revokeSecurityGroupIngressBehaviour } from './behaviour.js';
import { revokeIngressNotes } from './notes.js';
import { revokeIngressParams } from './params.js';

/**
 * Revokes the world-open ingress rules an AuthorizeSecurityGroupIngress call
 * added, and only those.
 *
 * @example
 * actions:
 *   - type: revoke-security-group-ingress
 */
export const revokeSecurityGroupIngress: ActionDefinition<typeof revokeIngressParams> = {
  ...revokeSecurityGroupIngressBehaviour,
  summary: 'Revoke the ingress rules open to 0.0.0.0/0 or ::/0 that the event added',
  notes: revokeIngressNotes,
  params: revokeIngressParams,
  permissions: [
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSecurityGroupRules',
    'ec2:RevokeSecurityGroupIngress',
  ],
  targets: {
    cloudtrail:
      'AuthorizeSecurityGroupIngress: detail.requestParameters.groupId and detail.responseElements.securityGroupRuleSet.items[*] (rules open to 0.0.0.0/0 or ::/0)',
  },
};
