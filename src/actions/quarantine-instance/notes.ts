/** The reference for `quarantine-instance` (README and `--help`), in Markdown. */
export const QUARANTINE_NOTES = `
Quarantines an EC2 instance: cuts it off the network at once, keeps the
evidence, takes it out of its Auto Scaling group and cuts its role credentials.
Safe to run twice, and a retry completes what an earlier run left undone:
every step decides from the state of its own effect, never from the
network state alone.

**Target.** GuardDuty: \`detail.resource.instanceDetails.instanceId\`. CloudTrail:
each \`responseElements.instancesSet.items[*].instanceId\`. \`instance-id\` overrides
both (one id or a list). Several instances are quarantined at once (at most 8 at a
time); those in one VPC share its groups, looked up and created once.

**Refusals.**
- The exempt tag (\`parry:exempt\` by default, matched in any case) on the
  instance, in the event or now, or on any of its ENIs: \`skipped\`,
  \`exempt: tagged parry:exempt\` (naming the ENI). One exempt ENI leaves the
  whole instance alone.
- A terminated instance: \`failed\` (nothing is left to isolate or preserve).
- Every step's effect already in place (see **Resuming**): \`skipped\`,
  \`already quarantined\`, after reads only.

**Steps.** \`DescribeInstances\` and \`DescribeNetworkInterfaces\` (by
\`attachment.instance-id\`: ENI tags, which DescribeInstances does not list)
first, at once: the event may be stale, so every decision is made on the
instance as it is now. Then, concurrently, containment started first; a
failed step is reported and the others still run.

**Round trips** (each line waits for the one before; the evidence and
credential calls of steps 2 to 6 run beside them):

| round | first quarantine in a VPC | its groups exist |
| --- | --- | --- |
| 1 | \`DescribeInstances\`, \`DescribeNetworkInterfaces\`, \`DescribeSecurityGroups\`, \`CreateSecurityGroup\` ×2 | the same (both creations answer \`InvalidGroup.Duplicate\`) |
| 2 | \`AuthorizeSecurityGroupIngress\`/\`Egress\` (untrack), \`RevokeSecurityGroupEgress\` ×2 (isolation); \`CreateTags\`, \`ModifyInstanceAttribute\` ×3, \`CreateSnapshots\`, \`GetInstanceProfile\`, \`DescribeIamInstanceProfileAssociations\` | \`ModifyNetworkInterfaceAttribute\` to the untrack group, every ENI; the evidence and credential calls |
| 3 | \`ModifyNetworkInterfaceAttribute\` to the untrack group, every ENI; \`GetRole\`, \`DisassociateIamInstanceProfile\` | to the isolation group: isolated |
| 4 | to the isolation group: isolated; \`PutRolePolicy\` | |

The groups are asked for in round 1 from the VPCs the event names
(\`networkInterfaces[].vpcId\`; at most 4, each a well-formed VPC id), before
DescribeInstances answers, and created at the same time whether they exist
or not. Only a VPC DescribeInstances shows an ENI in is used: a VPC id the
event got wrong (or forged) never puts its groups on an ENI; the VPC the ENI
is really in is then looked up after DescribeInstances, one round later.
Asking ahead can leave parry's two groups, empty of any rule but AWS's
default egress rule and used by nothing, in a VPC the event named: also
when DescribeInstances then shows the instance exempt, terminated or
gone (a later quarantine in that VPC empties the isolation group first).
A lookup no ENI needed that failed shows as \`tolerated\`.

1. **Containment.** Per VPC, \`DescribeSecurityGroups\` (vpc-id, group-name) and
   \`CreateSecurityGroup\` at once give two tagged groups:
   - \`parry-untrack-<vpc>\`: all traffic in from and out to \`0.0.0.0/0\` and \`::/0\`
     (\`AuthorizeSecurityGroupIngress\` both; \`AuthorizeSecurityGroupEgress\` \`::/0\`
     besides AWS's default IPv4 rule; \`InvalidPermission.Duplicate\` is fine). An
     existing one lacking any of these rules gets them.
   - \`parry-isolation-<vpc>\`: no rule at all. A new group starts with only an
     outbound rule allowing all traffic ([VPC user guide, "Create a security
     group"](https://docs.aws.amazon.com/vpc/latest/userguide/creating-security-groups.html)):
     parry revokes it without describing the group, \`0.0.0.0/0\` and \`::/0\` each
     in its own \`RevokeSecurityGroupEgress\` (a VPC with IPv6 may add the
     second; \`InvalidPermission.NotFound\` is fine). An existing one with rules
     (someone added some) is emptied too (\`RevokeSecurityGroupIngress\`/\`Egress\`
     of what the lookup showed): any rule there is a hole in every quarantine
     of the VPC.
   - \`InvalidGroup.Duplicate\` on create: the group the lookup found is used; one
     the lookup did not show (a concurrent run created it meanwhile) is looked up
     again. A creation that failed otherwise while the lookup found the group
     is \`tolerated\` too.
   - A tolerated error code shows as a \`tolerated\` call in the call list: AWS's
     answer, then \`(tolerated: <why>)\`; the step itself succeeded.
   - EC2 is eventually consistent: a call naming a group that is not visible
     yet (\`InvalidGroup.NotFound\`) is retried after 200, 400 and 800 ms; the
     early attempts show as \`tolerated\`.

   Then **every** ENI (not only the primary: \`ModifyInstanceAttribute --groups\`
   fails with several) gets \`ModifyNetworkInterfaceAttribute\` to the untrack
   group, then to the isolation group; ENIs at once, the two swaps of one ENI in
   order. Why two: changing security groups does not cut connections EC2 already
   tracks, they live until they time out; a flow allowed from and to anywhere
   (\`0.0.0.0/0\`, \`::/0\`) in both directions is not tracked, so the isolation
   group cuts it at once ([EC2 user guide, "Security group connection
   tracking"](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html),
   "Untracked connections"). Connections EC2 always tracks (ICMP, or those the
   guide lists as automatically tracked) may outlive the swap; a network ACL on
   the subnet cuts them. An ENI already in the isolation group alone is left as
   it is (never back through the untrack group, which would open it); one left
   in the untrack group by an interrupted run gets only the second swap. Without
   the isolation group, no ENI is moved. A containment failure is reported first
   (\`containment failed: eni-... NOT isolated\`).
2. **Original groups.** \`CreateTags\` on the instance: \`parry:original-groups\`
   = \`eni-1=sg-a+sg-b;eni-2=sg-c\` (split over \`parry:original-groups:2\`, ... past
   256 characters) with \`parry:quarantined\` (time), \`parry:playbook\`,
   \`parry:finding\` and \`parry:instance-profile\` (the profile's ARN, so a
   retry knows whose sessions to revoke once the profile is detached). An
   existing \`parry:original-groups\` tag is never overwritten (an interrupted
   run may have left ENIs in the untrack group); parry's own groups are never
   recorded as original. Also in \`details.originalGroups\`.
3. **Preservation.** \`ModifyInstanceAttribute\` three times (one attribute per
   call): \`DisableApiTermination=true\`, \`InstanceInitiatedShutdownBehavior=stop\`,
   \`BlockDeviceMappings\` with \`DeleteOnTermination=false\` for every EBS volume
   DescribeInstances does not show kept already (absent without such volumes).
4. **Auto Scaling.** Auto Scaling tags its instances \`aws:autoscaling:groupName\`
   (an \`aws:\` tag nobody can remove), so the tag tells membership without a
   call. A member: \`DescribeAutoScalingInstances\`, then, if \`InService\`,
   \`EnterStandby\` with \`ShouldDecrementDesiredCapacity: false\`: the group stops
   health-checking it (termination protection does not stop Auto Scaling) and
   launches a replacement. Already \`Standby\`: no-op. Other states: failed step.
5. **Credentials** (instance with a profile only, or one whose
   \`parry:instance-profile\` tag an earlier run wrote; otherwise these calls are
   absent). \`GetInstanceProfile\` gives the role. Refused (a skipped call, not a
   failure): parry's own roles (its stack role by name and account, its member
   role in a member account, names compared in any case), service-linked and
   IAM Identity Center roles, and, after \`GetRole\`, a role tagged exempt.
   Otherwise \`PutRolePolicy\` \`AWSRevokeOlderSessions\` on it, the document the
   IAM console writes for "Revoke active sessions" (Deny \`*\` on \`*\` when
   \`aws:TokenIssueTime\` is before now). Every instance using that role loses
   its current credentials until it fetches new ones.
   \`DescribeIamInstanceProfileAssociations\` then \`DisassociateIamInstanceProfile\`
   (after the tags are written; \`InvalidAssociationID.NotFound\` is fine: another
   run detached it meanwhile). \`details.instanceProfileArn\` keeps the profile
   for restoring; \`details.roleSessions\` says what became of the sessions.
6. **Snapshots and stop.** \`CreateSnapshots\` of every EBS volume, crash-consistent,
   \`CopyTagsFromSource: volume\`, tagged with the quarantine's time, the finding
   and the playbook; \`details.snapshotIds\`. \`StopInstances\` only with
   \`stop: true\`, after the snapshot call returned and after Standby (a stopped
   InService member would be replaced, that is terminated); not if already
   stopped.

**Resuming.** The instance's \`parry:quarantined\` tag dates the quarantine.
A run of the same finding, or of any finding while every ENI is still in its
isolation group, continues that quarantine; anything else (no tag, a time
that cannot be read or lies ahead, an instance released from an earlier
quarantine) begins a new one. A continued quarantine checks each step's own
effect before acting: tags (only the missing ones are written), the two
attributes (\`DescribeInstanceAttribute\`), snapshots (\`DescribeSnapshots\` of
the instance's volumes tagged with the quarantine's time; all volumes are
snapshotted again if one lacks one, keeping the set crash-consistent), the
revoke policy (\`GetRolePolicy\`: one issued at or after the quarantine's start
stands), the profile association, the Auto Scaling state and the stop. So a
retry after a run that contained the instance but failed to snapshot or
revoke completes exactly those steps; a run that finds every effect in place
changes nothing and reports \`already quarantined\`. Anyone who can tag the
instance can also move its \`parry:quarantined\` time; restrict the \`parry:\`
tag keys as you restrict the exempt tag.

**Plan.** Lists the calls in the order they start when AWS answers each
equally fast (concurrent steps interleave); ids not known before the run are
\`<placeholders>\`, calls made only in some states carry a \`condition\`.

**Outcome.** \`succeeded\` when every step succeeded; otherwise \`failed\`, with
\`error\` listing each failed step and its AWS code
(\`snapshot: CreateSnapshots AccessDenied\`) while every other step was still
done. \`details\`: \`originalGroups\`, \`groups\` (untrack and isolation group ids
per VPC), \`snapshotIds\`, \`instanceProfileArn\`, \`roleName\`, \`roleSessions\`,
\`asg\`, \`stopped\`, and \`resumed\` (the quarantine's time) when continuing one.
`.trim();
