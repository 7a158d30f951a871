/** The README's reference for disable-access-key (Markdown). */
export const disableAccessKeyNotes = `
Deactivates the one long-term access key (\`AKIA...\`) the event names, as
the AWS security incident response runbooks do first for a leaked key: the
key stops working at once and can be turned back on; parry never deletes a
key and never touches another key of the user.

**Target.** GuardDuty: \`detail.resource.accessKeyDetails\` (\`accessKeyId\`,
\`userName\`, \`userType\`). CloudTrail: \`detail.userIdentity\` (\`accessKeyId\`,
\`userName\`, \`type\`). \`access-key-id\` and \`user-name\` override them.

**Steps.**
1. \`iam:ListUserTags\` on the user: tagged with the exempt tag (default
   \`parry:exempt\`, key compared without case, as IAM does) → **skipped**
   \`exempt: tagged parry:exempt\`; nothing else is called.
2. \`iam:ListAccessKeys\` on the user. The key is not among them → **failed**
   (nothing is changed: parry never falls back to another key). Already
   \`Inactive\` (or \`Expired\`) → **skipped** \`already Inactive\` (re-running is a no-op).
3. \`iam:UpdateAccessKey\` \`Status=Inactive\` on that key of that user.

**Refusals (skipped, no call).**
- \`ASIA...\` keys are temporary (a role session, \`GetSessionToken\`,
  federation): they cannot be deactivated. Use \`revoke-sessions\` on the
  role or user that issued them.
- Root keys (\`userType\` \`Root\`): only the root user can delete them;
  report to the account owner.
- Keys of any other principal type: use \`revoke-sessions\`.
- A CloudTrail key whose user belongs to another account than the one the
  event is about (\`userIdentity.accountId\` ≠ \`recipientAccountId\`).

**Failures.** Each step depends on the one before: the first failed call
ends the action as **failed**, with the step and the AWS code
(\`UpdateAccessKey failed: AccessDenied: ...\`).

**Afterwards.** This action only changes the key's status: temporary
credentials already issued from it (\`GetSessionToken\`,
\`GetFederationToken\`) are not its business; add \`revoke-sessions\` for
the user, or use \`quarantine-user\`. Rotate the key once the incident is
understood.
`.trim();
