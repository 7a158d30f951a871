/** The README's reference for revoke-sessions (Markdown). */
export const revokeSessionsNotes = `
Revokes the temporary credentials of the role (or IAM user) behind the
event, exactly as the IAM console's **Revoke active sessions** does (IAM
User Guide, "Revoking IAM role temporary security credentials"): it puts
the inline policy \`AWSRevokeOlderSessions\`, which denies \`*\` on \`*\` to
every session whose \`aws:TokenIssueTime\` is before now. Sessions issued
afterwards are not affected, so legitimate users (and instances) just get
new credentials; so can an attacker who can still assume the role: cut that
path too (\`disable-access-key\`, \`quarantine-user\`, \`quarantine-instance\`).

**Target.** CloudTrail \`userIdentity\`: \`AssumedRole\` → the role of
\`sessionContext.sessionIssuer\` (name, path and account from its ARN);
\`IAMUser\` → the user; \`FederatedUser\` → the IAM user that called
\`GetFederationToken\`. GuardDuty \`resource.accessKeyDetails\`: \`userType\`
\`AssumedRole\` → \`userName\` is the role; \`IAMUser\` → the user.
\`role-name\` or \`user-name\` (not both) override the event.

**Steps.**
- Role: \`iam:GetRole\` (path and tags), then \`iam:PutRolePolicy\`
  \`AWSRevokeOlderSessions\`.
- User: \`iam:ListUserTags\`, then \`iam:PutUserPolicy\` \`AWSRevokeOlderSessions\`.
  For a user this denies its temporary credentials (\`GetSessionToken\`,
  \`GetFederationToken\`) issued before now; it does **not** stop the user's
  long-term access keys or console password: use \`disable-access-key\` or
  \`quarantine-user\` for those.

**Refusals (skipped).**
- Tagged with the exempt tag (default \`parry:exempt\`): \`exempt: tagged parry:exempt\`.
- Service-linked roles (path \`/aws-service-role/\`, names \`AWSServiceRole*\`):
  AWS manages them and IAM refuses to revoke their sessions.
- IAM Identity Center roles (\`AWSReservedSSO_*\`, path
  \`/aws-reserved/sso.amazonaws.com/\`): refused. They are protected roles
  that only AWS may modify, so \`PutRolePolicy\` would fail. Follow IAM
  Identity Center's "Revoke active IAM role sessions created by permission
  sets" instead (deny the user's id in an SCP, remove their assignments,
  delete their sessions).
- parry's own roles: the role of \`PARRY_RESPONDER_ROLE_ARN\` in its account,
  and \`PARRY_MEMBER_ROLE_NAME\` in any other account (names compared in any
  case, as IAM does): revoking them would lock parry out.
- Root: no IAM policy applies to root; report to the account owner.
- A CloudTrail principal of another account than the event's
  (\`sessionIssuer.accountId\` or \`userIdentity.accountId\` ≠ \`recipientAccountId\`).

Names and paths the event shows are refused before any call; the path
\`GetRole\` returns is checked again before the policy is put.

**Re-running.** \`PutRolePolicy\`/\`PutUserPolicy\` overwrite the policy with
the new time: still one policy, and it now also denies sessions issued
between the two runs. That is the console's behaviour and the intended
effect: a second alert means sessions since the first may be compromised
too. The policy needs no clean-up: later sessions are unaffected by it.

**Failures.** The first failed call ends the action as **failed**, with the
step and the AWS code (\`PutRolePolicy failed: AccessDenied: ...\`). A role
whose inline policies are near IAM's size quota answers \`LimitExceeded\`.
`.trim();
