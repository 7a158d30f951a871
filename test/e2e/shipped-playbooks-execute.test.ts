import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import {
  ListAccessKeysCommand,
  ListUserTagsCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExecutor, runEvent } from '../../src/engine/index.js';
import { loadPlaybooks, type Playbook } from '../../src/playbook/index.js';
import { firstQuarantine, WEB } from '../actions/quarantine-instance/scenario.js';
import { ec2, iam, resetMocks } from '../actions/quarantine-instance/support.js';
import { sampleEvent } from '../helpers/events.js';
import { TEST_NOW, testFactory, testSettings } from '../helpers/execute.js';

const sns = mockClient(SNSClient);
const settings = testSettings({
  responderRoleArn: 'arn:aws:iam::111122223333:role/parry-prod-responder',
});
let enforced: Playbook[];

beforeAll(async () => {
  const { playbooks, errors } = await loadPlaybooks(['playbooks']);
  expect(errors).toEqual([]);
  // As a team would run them once the plans are reviewed.
  enforced = playbooks.map((p) => ({ ...p, mode: 'enforce' }));
});

beforeEach(() => {
  resetMocks();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

async function planAndExecute(file: string) {
  const event = sampleEvent(file);
  const options = { settings, now: () => TEST_NOW };
  const planned = await runEvent(event, file, enforced, options);
  const executed = await runEvent(event, file, enforced, {
    ...options,
    executor: createExecutor(testFactory(settings), settings, () => TEST_NOW),
  });
  return { planned, executed };
}

describe('the shipped playbooks, enforced, against mocked AWS', () => {
  it('quarantines the instance of a C&C finding as planned, then notifies with the outcome', async () => {
    firstQuarantine();
    const { planned, executed } = await planAndExecute(
      'guardduty/backdoor-ec2-c-and-c-activity.json',
    );
    expect(executed.playbooks.map((p) => `${p.name}:${p.status}`)).toEqual([
      'notify-on-findings:executed',
      'quarantine-compromised-instance:executed',
    ]);
    const quarantine = executed.playbooks[1]?.actions[0];
    const plan = planned.playbooks[1]?.actions[0];
    expect(quarantine?.status).toBe('succeeded');
    // Independent steps run concurrently: the same calls as planned, their interleaving set by AWS's answers.
    const sorted = (calls: { operation: string }[] = []) => calls.map((c) => c.operation).sort();
    expect(sorted(quarantine?.calls)).toEqual(sorted(plan?.calls));
    expect(quarantine?.calls[0]?.operation).toBe('DescribeInstances');
    expect(ec2).toHaveReceivedCommandWith(ModifyNetworkInterfaceAttributeCommand, {
      NetworkInterfaceId: WEB.primaryEni,
    });
    expect(ec2).toHaveReceivedCommandWith(ModifyNetworkInterfaceAttributeCommand, {
      NetworkInterfaceId: WEB.secondEni,
    });
    const subjects = sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
    expect(subjects).toContain('Quarantined i-0a1b2c3d4e5f60718 (Backdoor:EC2/C&CActivity.B!DNS)');
    const email = sns
      .commandCalls(PublishCommand)
      .map((c) => JSON.parse(String(c.args[0].input.Message)).email as string);
    expect(
      email.some((text) => /quarantine-instance on i-0a1b2c3d4e5f60718: succeeded/.test(text)),
    ).toBe(true);
  });

  it("disables exactly the finding's key in the member account, then notifies", async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: [] });
    iam.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        { UserName: 'ci-deployer', AccessKeyId: 'AKIA5QZX3RVBLEXAMPLE', Status: 'Active' },
        { UserName: 'ci-deployer', AccessKeyId: 'AKIAOTHERKEYEXAMPLE1', Status: 'Active' },
      ],
    });
    iam.on(UpdateAccessKeyCommand).resolves({});
    const { executed } = await planAndExecute('guardduty/iam-malicious-ip-caller.json');
    expect(executed.playbooks.map((p) => `${p.name}:${p.status}`)).toEqual([
      'disable-compromised-access-key:executed',
      'notify-on-findings:executed',
    ]);
    expect(iam).toHaveReceivedCommandExactlyOnceWith(UpdateAccessKeyCommand, {
      UserName: 'ci-deployer',
      AccessKeyId: 'AKIA5QZX3RVBLEXAMPLE',
      Status: 'Inactive',
    });
  });

  it.each([
    ['cloudtrail/stop-logging.json', 'notify-cloudtrail-tampering'],
    ['cloudtrail/authorize-sg-ingress-open-ipv4.json', 'notify-open-security-group-ingress'],
  ])('notifies on %s through the stack topic', async (file, playbook) => {
    const { executed } = await planAndExecute(file);
    expect(executed.playbooks).toEqual([
      expect.objectContaining({ name: playbook, status: 'executed' }),
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:us-east-1:111122223333:parry-notifications',
    });
  });

  it('acts on nothing for guarded events', async () => {
    const { executed } = await planAndExecute('cloudtrail/authorize-sg-ingress-by-parry.json');
    expect(executed.playbooks.map((p) => p.status)).toEqual(['skipped']);
    expect(sns.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });
});
