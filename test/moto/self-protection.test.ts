import { CreateRoleCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { expect } from 'vitest';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { sampleEvent } from '../helpers/events.js';
import { clientConfig, keysOf, REGION } from './support/aws.js';
import { guardDutyEc2Finding } from './support/events.js';
import { SECURITY_ACCOUNT } from './support/moto.js';
import { e2eSettings, enforce, onlyAction, playbook, runParry } from './support/parry.js';
import { quarantineState } from './support/state.js';
import { describeMoto, itWithLog } from './support/suite.js';
import { webInstance } from './support/world.js';

const MEMBER = '444455556666';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [] });
const quarantine = enforce('quarantine', 'aws.guardduty', '  - type: quarantine-instance');

/** A custom event as anyone allowed to put events on the bus can send it. */
const forged = (account: string, instanceId: string): EventBridgeEvent => ({
  version: '0',
  id: `forged-${account}`,
  'detail-type': 'Quarantine request',
  source: 'evil.app',
  account,
  time: '2026-11-22T09:59:00Z',
  region: REGION,
  resources: [],
  detail: { instanceId, recipientAccountId: MEMBER, awsRegion: REGION, accountId: MEMBER },
});

/** The forged-event playbook, which validate refuses in enforce mode; loaded in dry-run, then forced. */
const FORGED_PLAYBOOK =
  'name: forged\nmode: enforce\nmatch:\n  source: [evil.app]\nactions:\n  - type: quarantine-instance\n    instance-id: "{{ detail.instanceId }}"\n';

describeMoto('a forged custom event cannot pick the account parry acts in', (moto) => {
  itWithLog(
    'acts in a member account for a GuardDuty finding, and never for a custom event',
    async () => {
      const member = await keysOf(moto(), MEMBER);
      const web = await webInstance(moto(), { keys: member, account: MEMBER });
      const untouched = await quarantineState(moto(), web, member);
      moto().clearLog();

      // validate refuses the playbook as written ...
      expect(() => playbook(FORGED_PLAYBOOK)).toThrow(/must pin match.source to AWS sources/);
      // ... and an enforce-mode playbook matching it anyway acts only in the envelope's account.
      const sneaked = { ...playbook(FORGED_PLAYBOOK.replace('mode: enforce', 'mode: dry-run')) };
      sneaked.mode = 'enforce';
      const fromSecurity = onlyAction(
        await runParry(moto(), [sneaked], forged(SECURITY_ACCOUNT, web.instanceId)),
      );
      expect(fromSecurity).toMatchObject({
        status: 'failed',
        reason: `instance ${web.instanceId} was not found`,
      });
      const fromMember = (await runParry(moto(), [sneaked], forged(MEMBER, web.instanceId)))
        .playbooks[0];
      expect(fromMember?.status).toBe('skipped');
      expect(fromMember?.reason).toMatch(
        /^custom event \(source evil.app\) from account 444455556666/,
      );
      expect(
        moto()
          .calls()
          .filter((c) => c.op === 'AssumeRole'),
      ).toEqual([]);
      expect(await quarantineState(moto(), web, member)).toEqual(untouched);
      moto().clearLog();

      // A finding AWS produced about the member's instance is acted on there, through the member role.
      const contained = onlyAction(
        await runParry(
          moto(),
          [quarantine],
          guardDutyEc2Finding(web, { envelopeAccount: SECURITY_ACCOUNT }),
        ),
      );
      expect(contained.status, JSON.stringify(contained)).toBe('succeeded');
      expect((await quarantineState(moto(), web, member)).eniGroups).toEqual([
        [`parry-isolation-${web.vpcId}`],
        [`parry-isolation-${web.vpcId}`],
      ]);
      const assumed = moto()
        .calls()
        .filter((c) => c.op === 'AssumeRole');
      expect(assumed.length).toBeGreaterThan(0);
    },
  );
});

describeMoto("parry's own roles and exempt tags, the same rule everywhere", (moto) => {
  itWithLog('quarantine never revokes the sessions of its own role, in another case', async () => {
    const web = await webInstance(moto(), { roleName: 'Parry-E2E-Responder' });
    const result = onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web)));
    expect(result.status, JSON.stringify(result)).toBe('succeeded');
    expect(result.details?.roleSessions).toBe(
      "not revoked: Parry-E2E-Responder is parry's own role: revoking its sessions would lock parry out",
    );
    const state = await quarantineState(moto(), web);
    expect(state).toMatchObject({ rolePolicies: [], associations: 0 });
    expect(state.eniGroups.flat()).toEqual([
      `parry-isolation-${web.vpcId}`,
      `parry-isolation-${web.vpcId}`,
    ]);
  });

  itWithLog(
    'quarantine never revokes the sessions of a role tagged exempt (in another case)',
    async () => {
      const web = await webInstance(moto(), {
        roleTags: [{ Key: 'Parry:Exempt', Value: 'break-glass' }],
      });
      const result = onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web)));
      expect(result.details?.roleSessions).toBe('not revoked: exempt: tagged parry:exempt');
      expect((await quarantineState(moto(), web)).rolePolicies).toEqual([]);
    },
  );

  itWithLog(
    'quarantine leaves an instance alone when one of its ENIs is tagged exempt',
    async () => {
      const web = await webInstance(moto(), {
        secondEniTags: [{ Key: 'PARRY:EXEMPT', Value: '' }],
      });
      const before = await quarantineState(moto(), web);
      const result = onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web)));
      expect(result).toMatchObject({
        status: 'skipped',
        reason: `exempt: tagged parry:exempt (its network interface ${web.enis[1]?.id})`,
      });
      // Nothing of the instance changed. Only parry's own groups of its VPC were created, with
      // DescribeInstances, from the finding (ENI tags are not in it): on no ENI, and with no rule
      // but the egress rule AWS gives every new group.
      const after = await quarantineState(moto(), web);
      expect({ ...after, isolationRules: undefined, untrackOpen: undefined }).toEqual({
        ...before,
        isolationRules: undefined,
        untrackOpen: undefined,
      });
      expect(after.isolationRules).toEqual({ ingress: 0, egress: 1 });
      expect(after.untrackOpen).toEqual({ ingress: [], egress: ['0.0.0.0/0'] });
    },
  );

  itWithLog(
    "a finding about a role named like the member role, in parry's own account, is acted on",
    async () => {
      const iam = new IAMClient(clientConfig(moto()));
      await iam.send(
        new CreateRoleCommand({ RoleName: 'parry-responder', AssumeRolePolicyDocument: TRUST }),
      );
      const finding = sampleEvent(
        'guardduty/iam-instance-credential-exfiltration-outside-aws.json',
      );
      finding.account = SECURITY_ACCOUNT;
      finding.detail.accountId = SECURITY_ACCOUNT;
      const resource = finding.detail.resource as Record<string, Record<string, unknown>>;
      Object.assign(resource.accessKeyDetails ?? {}, {
        userName: 'parry-responder',
        userType: 'AssumedRole',
      });
      const revoke = enforce('revoke', 'aws.guardduty', '  - type: revoke-sessions');

      const here = onlyAction(await runParry(moto(), [revoke], finding));
      expect(here.status, JSON.stringify(here)).toBe('succeeded');
      expect(
        (await iam.send(new ListRolePoliciesCommand({ RoleName: 'parry-responder' }))).PolicyNames,
      ).toEqual(['AWSRevokeOlderSessions']);
      // In a member account that role is parry's: the finding is parry's own doing.
      finding.detail.accountId = MEMBER;
      const there = (await runParry(moto(), [revoke], finding)).playbooks[0];
      expect(there).toMatchObject({
        status: 'skipped',
        reason: "own principal (the responder's role caused this event)",
      });
    },
  );

  itWithLog("revoke-sessions refuses parry's stack role named in another case", async () => {
    const iam = new IAMClient(clientConfig(moto()));
    await iam.send(
      new CreateRoleCommand({ RoleName: 'parry-e2e-responder', AssumeRolePolicyDocument: TRUST }),
    );
    const revoke = enforce(
      'revoke',
      'aws.guardduty',
      '  - type: revoke-sessions\n    role-name: PARRY-E2E-Responder',
    );
    const finding = sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json');
    finding.account = SECURITY_ACCOUNT;
    finding.detail.accountId = SECURITY_ACCOUNT;

    const result = onlyAction(
      await runParry(moto(), [revoke], finding, { settings: e2eSettings() }),
    );
    expect(result).toMatchObject({
      status: 'skipped',
      reason: "PARRY-E2E-Responder is parry's own role: revoking its sessions would lock parry out",
    });
    expect(
      (await iam.send(new ListRolePoliciesCommand({ RoleName: 'parry-e2e-responder' })))
        .PolicyNames,
    ).toEqual([]);
  });
});
