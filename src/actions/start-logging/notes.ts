/** The README's reference for start-logging. */
export const startLoggingNotes = `
Restarts the CloudTrail trail that a \`StopLogging\` call stopped: the trail named in
\`requestParameters.name\` (a name, or an ARN). Nothing else about the trail is changed.

Steps (every call names the trail by its ARN; a bare name is resolved in the event's
account and Region):

1. \`cloudtrail:ListTags\` (\`ResourceIdList: [<trail ARN>]\`). Tagged with the exempt tag
   (\`parry:exempt\` by default, compared without regard to case): **skipped**, the other
   calls are reported as not made.
2. \`cloudtrail:GetTrailStatus\` (\`Name: <trail ARN>\`). Already logging (\`IsLogging\`):
   **skipped**, reason \`already logging: nothing to do\` (running twice is safe).
3. \`cloudtrail:StartLogging\` (\`Name: <trail ARN>\`). The details give \`stoppedAt\`
   (\`StopLoggingTime\`): the start of the gap in the audit log.

Where it acts:

- Every call goes to the trail's **home Region**, the Region in its ARN: a multi-Region
  trail can be started nowhere else (and \`StopLogging\` on it succeeds only there, so this
  is normally the event's Region; the plan shows \`region\` on each call when it is not).
- An **organization trail** can only be restarted from the organization's **management
  account**, which owns it (elsewhere CloudTrail answers
  \`NotOrganizationMasterAccountException\`). Member accounts cannot stop it either, so
  the event comes from that account, and parry needs its role there.

Refuses (the action fails for this event): an event other than \`StopLogging\`, or a
\`requestParameters.name\` that is neither a trail name nor a trail ARN. A trail deleted
since fails with CloudTrail's \`TrailNotFoundException\`.
`.trim();
