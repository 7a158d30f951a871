/** The README's reference for quarantine-user (Markdown). */
export const quarantineUserNotes = `
Contains a compromised IAM user the way incident-response runbooks do,
without deleting anything: an explicit deny of everything, no console
access, and optionally no active access key. Every step can be undone by
an administrator once the incident is understood.

**Target.** GuardDuty \`resource.accessKeyDetails.userName\` when \`userType\`
is \`IAMUser\`; CloudTrail \`userIdentity.userName\` when \`type\` is
\`IAMUser\` (for \`FederatedUser\`, the IAM user that issued the session).
\`user-name\` overrides the event.

**Steps.**
1. \`iam:ListUserTags\`: tagged with the exempt tag (default \`parry:exempt\`)
   → **skipped** \`exempt: tagged parry:exempt\`, nothing else is called. If
   the tags cannot be read, the action **fails** without acting.
2. \`iam:PutUserPolicy\` \`parry-quarantine\`: Deny \`*\` on \`*\`. An explicit
   deny overrides every allow, so this one call stops the user's keys, its
   console session and its temporary credentials at once: it runs first.
3. \`iam:DeleteLoginProfile\`: removes the console password. \`NoSuchEntity\`
   (no password) is the wanted state: the call is recorded as \`tolerated\`,
   reported as \`loginProfile: absent\`, not a failure.
4. With \`disable-keys: true\`: \`iam:ListAccessKeys\`, then
   \`iam:UpdateAccessKey\` \`Status=Inactive\` for each **Active** key (keys
   already Inactive are left alone; keys are never deleted).

Steps 2 to 4 are independent: a failed step does not stop the next ones,
and the action ends **failed** listing every failed step with its AWS code
(\`PutUserPolicy failed: AccessDenied: ...\`).

**Refusals (skipped).** Root (no IAM policy applies to root: report to the
account owner); a role (use \`revoke-sessions\`; parry's own principals are
roles, so they are always refused here); a CloudTrail user of another
account than the event's.

**Re-running.** parry does not read the policy before writing it
(\`GetUserPolicy\`): the document has no timestamp, so a second
\`PutUserPolicy\` writes the same bytes; \`DeleteLoginProfile\` answers
\`NoSuchEntity\` (absent) and inactive keys are not updated again. Reading
first would cost a call and a permission, delay the containing write, and
leave a window between the read and the write, for the same end state.
\`details\` says what each step found (\`policy\`, \`loginProfile\`, \`keys\`).

**Undo.** Delete the \`parry-quarantine\` inline policy, create a new login
profile, reactivate the keys.
`.trim();
