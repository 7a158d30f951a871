/** The README's reference for revoke-security-group-ingress. */
export const revokeIngressNotes = `
Undoes an \`AuthorizeSecurityGroupIngress\` call that opened a security group to the
internet: it revokes **exactly the rules that call added with a source of \`0.0.0.0/0\`
or \`::/0\`** (any \`/0\` prefix counts: EC2 keeps \`203.0.113.7/0\` as written, and it is
just as open). Every other rule of the group is left alone, including the rules the same
call added from a private CIDR, a security group or a prefix list.

Steps:

1. \`ec2:DescribeSecurityGroups\` (\`GroupIds: [<group>]\`): the group's tags. Tagged with
   the exempt tag (\`parry:exempt\` by default, compared without regard to case):
   **skipped**, the other calls are reported as not made. The group no longer exists
   (\`InvalidGroup.NotFound\`, the call shows as \`tolerated\`): **skipped** (its rules
   went with it).
2. Which of the added open rules are still there and still open:
   - the response lists the rule ids (\`responseElements.securityGroupRuleSet\`, in every
     record since EC2 has rule ids): \`ec2:DescribeSecurityGroupRules\` filtered on
     \`group-id\` and \`security-group-rule-id\`. A rule id that is gone was already
     revoked; a rule whose source was since narrowed (\`ModifySecurityGroupRules\`) is left
     alone.
   - older records without rule ids: the open ranges of \`requestParameters\` (also the
     legacy top-level \`cidrIp\` form) are matched by protocol, ports and CIDR against the
     group's \`IpPermissions\` from step 1. A successful call cannot have added a rule the
     group already had (EC2 rejects the whole call with \`InvalidPermission.Duplicate\`),
     so a match is the rule that call added.
3. None left: **skipped**, reason \`already revoked: nothing to do\` (running twice is
   safe). Otherwise one \`ec2:RevokeSecurityGroupIngress\` for those rules alone:
   \`{ GroupId, SecurityGroupRuleIds }\`, or for older records \`{ GroupId, IpPermissions }\`
   with one permission per open range, protocol and ports as the caller wrote them (no
   description: EC2 does not need it). If EC2 answers \`InvalidPermission.NotFound\` or
   \`InvalidSecurityGroupRuleId.NotFound\` (revoked by someone else meanwhile), step 2 is
   repeated: nothing left is skipped as already revoked (the revoke shows as
   \`tolerated\`), otherwise the failure stands (it shows as \`failed\`).

The details list the rules \`revoked\` and \`alreadyRevoked\`, and any left alone.

Refuses (the action fails for this event): an event other than
\`AuthorizeSecurityGroupIngress\`, a record without \`responseElements\` (a failed call),
or no security group id. A call that added no open rule is skipped.
`.trim();
