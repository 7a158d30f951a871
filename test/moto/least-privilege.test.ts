import {
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'vitest';
import type { ActionResult } from '../../src/actions/types.js';
import { clientConfig, type Keys, REGION } from './support/aws.js';
import { guardDutyEc2Finding, guardDutyKeyFinding } from './support/events.js';
import { topicInbox } from './support/inbox.js';
import { SECURITY_ACCOUNT } from './support/moto.js';
import { e2eSettings, enforce, onlyAction, RESPONDER_ROLE_ARN, runParry } from './support/parry.js';
import { forMoto, generatedPolicy, type Statement, uncovered } from './support/policy.js';
import { quarantineState } from './support/state.js';
import { describeMoto, itWithLog } from './support/suite.js';
import { webInstance } from './support/world.js';

const ROLE = 'parry-e2e-responder';
const TOPIC = 'parry-notifications';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${SECURITY_ACCOUNT}:${TOPIC}`;
const NOW = new Date('2026-11-22T10:00:00.000Z');

const playbooks = [
  enforce('quarantine', 'aws.guardduty', '  - type: quarantine-instance'),
  enforce('disable-key', 'aws.guardduty', '  - type: disable-access-key'),
  enforce('notify', 'aws.guardduty', '  - type: notify'),
];
const [quarantine, disableKey, notify] = playbooks as [
  (typeof playbooks)[0],
  (typeof playbooks)[0],
  (typeof playbooks)[0],
];

describeMoto('the generated least-privilege policy, enforced by moto', (moto) => {
  /** parry's role with exactly the generated policy (as moto can enforce it), and its session's keys. */
  async function responder(policy: Statement[]): Promise<Keys> {
    const iam = new IAMClient(clientConfig(moto()));
    await iam.send(
      new CreateRoleCommand({
        RoleName: ROLE,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: 'parry-actions',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: forMoto(policy) }),
      }),
    );
    const sts = new STSClient(clientConfig(moto()));
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: RESPONDER_ROLE_ARN, RoleSessionName: 'parry' }),
    );
    return {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken,
    };
  }

  itWithLog(
    'quarantine, key disable and notify work with exactly that policy, in its ARN forms',
    async () => {
      const policy = generatedPolicy(playbooks, SECURITY_ACCOUNT, ROLE);
      const web = await webInstance(moto());
      const iam = new IAMClient(clientConfig(moto()));
      await iam.send(new CreateUserCommand({ UserName: 'ci-deployer' }));
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));
      const keyId = key.AccessKey?.AccessKeyId ?? '';
      const inbox = await topicInbox(moto(), TOPIC);
      expect(inbox.topicArn).toBe(TOPIC_ARN);
      const keys = await responder(policy);
      const settings = e2eSettings({ PARRY_NOTIFY_TOPIC_ARN: TOPIC_ARN });
      const run = { keys, settings, now: () => NOW };

      await moto().enforceIam(true);
      moto().clearLog();
      let results: ActionResult[];
      try {
        results = [
          onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web), run)),
          onlyAction(
            await runParry(
              moto(),
              [disableKey],
              guardDutyKeyFinding(SECURITY_ACCOUNT, {
                userName: 'ci-deployer',
                accessKeyId: keyId,
              }),
              run,
            ),
          ),
          onlyAction(await runParry(moto(), [notify], guardDutyEc2Finding(web), run)),
          // A retry of the quarantine reads each step's effect: those permissions too.
          onlyAction(
            await runParry(moto(), [quarantine], guardDutyEc2Finding(web), {
              ...run,
              now: () => new Date(NOW.getTime() + 60_000),
            }),
          ),
        ];
      } finally {
        await moto().enforceIam(false);
      }

      // Every request was parry's own session's, and IAM refused none: only EC2 answered the
      // retry's group creations (made with the lookup) that the groups exist.
      const logged = moto().calls();
      expect(logged.map((c) => c.op)).toEqual(
        expect.arrayContaining(['DescribeSnapshots', 'DescribeInstanceAttribute', 'GetRolePolicy']),
      );
      expect(
        logged
          .filter((c) => !c.status.startsWith('200'))
          .map((c) => `${c.op} ${c.status} ${c.err}`),
      ).toEqual([
        'CreateSecurityGroup 400 BAD REQUEST InvalidGroup.Duplicate',
        'CreateSecurityGroup 400 BAD REQUEST InvalidGroup.Duplicate',
      ]);
      expect(new Set(logged.map((c) => c.akid))).toEqual(new Set([keys.accessKeyId]));
      expect(results.map((r) => [r.type, r.status, r.error])).toEqual([
        ['quarantine-instance', 'succeeded', undefined],
        ['disable-access-key', 'succeeded', undefined],
        ['notify', 'succeeded', undefined],
        ['quarantine-instance', 'skipped', undefined],
      ]);

      // The end state of each, described with the suite's own keys.
      expect(await quarantineState(moto(), web)).toMatchObject({
        eniGroups: [[`parry-isolation-${web.vpcId}`], [`parry-isolation-${web.vpcId}`]],
        isolationRules: { ingress: 0, egress: 0 },
        snapshots: [[NOW.toISOString()], [NOW.toISOString()]],
        rolePolicies: ['AWSRevokeOlderSessions'],
        associations: 0,
      });
      const status = await iam.send(new ListAccessKeysCommand({ UserName: 'ci-deployer' }));
      expect(status.AccessKeyMetadata?.map((k) => k.Status)).toEqual(['Inactive']);
      expect(await inbox.messages()).toHaveLength(1);

      // moto checks the resource of role-named IAM calls only: the ARN forms of the rest are
      // checked here, call by call, against the policy as generated.
      const ec2 = new EC2Client(clientConfig(moto()));
      const groups = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [web.vpcId] }] }),
      );
      const snapshots = await ec2.send(
        new DescribeSnapshotsCommand({ Filters: [{ Name: 'volume-id', Values: web.volumeIds }] }),
      );
      const context = {
        account: SECURITY_ACCOUNT,
        instanceId: web.instanceId,
        volumeIds: web.volumeIds,
        createdGroupIds: (groups.SecurityGroups ?? [])
          .filter((g) => g.GroupName?.startsWith('parry-'))
          .map((g) => g.GroupId ?? ''),
        snapshotIds: (snapshots.Snapshots ?? []).map((s) => s.SnapshotId ?? ''),
      };
      const calls = results.flatMap((r) => r.calls);
      expect(uncovered(policy, calls, context)).toEqual([]);

      // The check fails on the form the role had before: snapshots named with an account.
      const withAccount = policy.map((s) => ({
        ...s,
        Resource: s.Resource.map((r) =>
          r === 'arn:aws:ec2:*::snapshot/*' ? `arn:aws:ec2:*:${SECURITY_ACCOUNT}:snapshot/*` : r,
        ),
      }));
      expect(uncovered(withAccount, calls, context)).toEqual(
        expect.arrayContaining(
          context.snapshotIds.map((id) => `ec2:CreateTags arn:aws:ec2:${REGION}::snapshot/${id}`),
        ),
      );
    },
  );

  itWithLog(
    'moto denies what the policy leaves out: the deny on changing parry itself holds',
    async () => {
      const keys = await responder(generatedPolicy([quarantine], SECURITY_ACCOUNT, ROLE));
      await moto().enforceIam(true);
      try {
        const iam = new IAMClient(clientConfig(moto(), keys));
        await expect(
          iam.send(
            new PutRolePolicyCommand({
              RoleName: ROLE,
              PolicyName: 'AWSRevokeOlderSessions',
              PolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
            }),
          ),
        ).rejects.toMatchObject({ name: 'AccessDenied' });
        await expect(
          iam.send(new CreateUserCommand({ UserName: 'not-allowed' })),
        ).rejects.toMatchObject({
          name: 'AccessDenied',
        });
      } finally {
        await moto().enforceIam(false);
      }
    },
  );
});
