/** The reference for `quarantine-instance` (README and `--help`), in Markdown. */
export const QUARANTINE_NOTES = `
Quarantines an EC2 instance: cuts it off the network at once, keeps the
evidence, takes it out of its Auto Scaling group and cuts its role credentials.
Safe to run twice: every step checks the state first and reports a no-op.

**Target.** GuardDuty: \`detail.resource.instanceDetails.instanceId\`. CloudTrail:
each \`responseElements.instancesSet.items[*].instanceId\`. \`instance-id\` overrides
both (one id or a list; several instances are quarantined one after another).

**Refusals.**
- An instance tagged with the exempt tag (\`parry:exempt\` by default), in the
  event or now: \`skipped\`, \`exempt: tagged parry:exempt\`.
- Every ENI already carries only its VPC's isolation group: \`skipped\`,
  \`already quarantined\`, after \`DescribeInstances\` and no other call.
- A terminated instance: \`failed\` (nothing is left to isolate or preserve).

**Steps.** \`DescribeInstances\` first: the event may be stale, so every decision
is made on the instance as it is now. Then, concurrently, containment started
first; a failed step is reported and the others still run.

1. **Containment.** Per VPC, \`DescribeSecurityGroups\` (vpc-id, group-name) finds
   or \`CreateSecurityGroup\` creates two tagged groups:
   - \`parry-untrack-<vpc>\`: all traffic in from and out to \`0.0.0.0/0\` and \`::/0\`
     (\`AuthorizeSecurityGroupIngress\` both; \`AuthorizeSecurityGroupEgress\` \`::/0\`
     besides AWS's default IPv4 rule; \`InvalidPermission.Duplicate\` is fine). An
     existing one lacking any of these rules gets them.
   - \`parry-isolation-<vpc>\`: no rule at all. After creating it, parry describes it
     (\`DescribeSecurityGroups\` by id) and revokes what AWS added
     (\`RevokeSecurityGroupEgress\`: \`0.0.0.0/0\`, and \`::/0\` in an IPv6 VPC). An
     existing one with rules (someone added some) is emptied too
     (\`RevokeSecurityGroupIngress\`/\`Egress\`): any rule there is a hole in every
     quarantine of the VPC. \`InvalidPermission.NotFound\` is fine.
   - \`InvalidGroup.Duplicate\` on create (a concurrent run): describe again and use
     that group.
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
   \`parry:finding\`. An existing \`parry:original-groups\` tag is never overwritten
   (an interrupted run may have left ENIs in the untrack group); parry's own
   groups are never recorded as original. Also in \`details.originalGroups\`.
3. **Preservation.** \`ModifyInstanceAttribute\` three times (one attribute per
   call): \`DisableApiTermination=true\`, \`InstanceInitiatedShutdownBehavior=stop\`,
   \`BlockDeviceMappings\` with \`DeleteOnTermination=false\` for every EBS volume
   (absent without EBS volumes).
4. **Auto Scaling.** Auto Scaling tags its instances \`aws:autoscaling:groupName\`
   (an \`aws:\` tag nobody can remove), so the tag tells membership without a
   call. A member: \`DescribeAutoScalingInstances\`, then, if \`InService\`,
   \`EnterStandby\` with \`ShouldDecrementDesiredCapacity: false\`: the group stops
   health-checking it (termination protection does not stop Auto Scaling) and
   launches a replacement. Already \`Standby\`: no-op. Other states: failed step.
5. **Credentials** (instance with a profile only; without one these calls are
   absent). \`GetInstanceProfile\` gives the role; \`PutRolePolicy\`
   \`AWSRevokeOlderSessions\` on it, the document the IAM console writes for
   "Revoke active sessions" (Deny \`*\` on \`*\` when \`aws:TokenIssueTime\` is before
   now). Every instance using that role loses its current credentials until it
   fetches new ones. \`DescribeIamInstanceProfileAssociations\` then
   \`DisassociateIamInstanceProfile\`. \`details.instanceProfileArn\` keeps the
   profile for restoring.
6. **Snapshots and stop.** \`CreateSnapshots\` of every EBS volume, crash-consistent,
   \`CopyTagsFromSource: volume\`, tagged with the finding and playbook;
   \`details.snapshotIds\`. A re-run after an interrupted run snapshots again (a
   later copy; evidence is never lost). \`StopInstances\` only with \`stop: true\`,
   after the snapshot call returned and after Standby (a stopped InService
   member would be replaced, that is terminated); not if already stopped.

**Plan.** Lists the calls in the order they start when AWS answers each
equally fast (concurrent steps interleave); ids not known before the run are
\`<placeholders>\`, calls made only in some states carry a \`condition\`.

**Outcome.** \`succeeded\` when every step succeeded; otherwise \`failed\`, with
\`error\` listing each failed step and its AWS code
(\`snapshot: CreateSnapshots AccessDenied\`) while every other step was still
done. \`details\`: \`originalGroups\`, \`groups\` (untrack and isolation group ids
per VPC), \`snapshotIds\`, \`instanceProfileArn\`, \`roleName\`, \`asg\`, \`stopped\`.
`.trim();
