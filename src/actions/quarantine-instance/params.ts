import { z } from 'zod';

const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, 'not an EC2 instance id');

export const quarantineParams = z.strictObject({
  'instance-id': z
    .union([instanceId, z.array(instanceId).min(1)])
    .optional()
    .describe('Overrides the instance the event names: one id or a list (quarantined at once).'),
  snapshot: z
    .boolean()
    .default(true)
    .describe('Take crash-consistent snapshots of every EBS volume (CreateSnapshots).'),
  'detach-instance-profile': z
    .boolean()
    .default(true)
    .describe('Disassociate the instance profile, so the instance gets no new role credentials.'),
  'revoke-role-sessions': z
    .boolean()
    .default(true)
    .describe(
      "Deny every session of the profile's role issued before now (AWSRevokeOlderSessions); affects every instance using that role until it refreshes its credentials.",
    ),
  stop: z
    .boolean()
    .default(false)
    .describe('Stop the instance after the snapshot call (loses memory evidence).'),
  'asg-standby': z
    .boolean()
    .default(true)
    .describe(
      'Put an Auto Scaling member in Standby without decrementing the desired capacity, so the group neither terminates it nor keeps it in service.',
    ),
});

export type QuarantineParams = z.output<typeof quarantineParams>;
