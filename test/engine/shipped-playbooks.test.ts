import { beforeAll, describe, expect, it } from 'vitest';
import { runEvent } from '../../src/engine/index.js';
import { readInputs } from '../../src/intake/index.js';
import { loadPlaybooks, type Playbook } from '../../src/playbook/index.js';
import { sampleEvent } from '../helpers/events.js';
import { TEST_NOW, testSettings } from '../helpers/execute.js';

let playbooks: Playbook[];
beforeAll(async () => {
  const loaded = await loadPlaybooks(['playbooks']);
  expect(loaded.errors).toEqual([]);
  playbooks = loaded.playbooks;
});

const settings = testSettings({
  responderRoleArn: 'arn:aws:iam::111122223333:role/parry-responder',
});
const plan = (file: string) =>
  runEvent(sampleEvent(file), file, playbooks, { settings, now: () => TEST_NOW });

describe('shipped playbooks on the sample events', () => {
  it.each([
    [
      'guardduty/backdoor-ec2-c-and-c-activity.json',
      ['notify-on-findings:planned', 'quarantine-compromised-instance:planned'],
    ],
    [
      'guardduty/cryptocurrency-ec2-bitcoin-tool.json',
      ['notify-on-findings:planned', 'quarantine-compromised-instance:planned'],
    ],
    [
      'guardduty/trojan-ec2-dns-data-exfiltration.json',
      ['notify-on-findings:planned', 'quarantine-compromised-instance:planned'],
    ],
    [
      'guardduty/backdoor-ec2-exempt-instance.json',
      ['notify-on-findings:planned', 'quarantine-compromised-instance:skipped'],
    ],
    ['guardduty/recon-ec2-portprobe-unprotected-port.json', []],
    ['guardduty/unauthorized-access-ec2-ssh-brute-force.json', ['notify-on-findings:planned']],
    [
      'guardduty/iam-malicious-ip-caller.json',
      ['disable-compromised-access-key:planned', 'notify-on-findings:planned'],
    ],
    [
      'guardduty/iam-tor-ip-caller.json',
      ['disable-compromised-access-key:planned', 'notify-on-findings:planned'],
    ],
    [
      'guardduty/iam-instance-credential-exfiltration-outside-aws.json',
      ['notify-on-findings:planned'],
    ],
    [
      'guardduty/sample-finding-backdoor-ec2.json',
      ['notify-on-findings:skipped', 'quarantine-compromised-instance:skipped'],
    ],
    ['guardduty/root-credential-usage.json', []],
    ['cloudtrail/stop-logging.json', ['notify-cloudtrail-tampering:planned']],
    ['cloudtrail/stop-logging-access-denied.json', ['notify-cloudtrail-tampering:skipped']],
    ['cloudtrail/delete-trail.json', ['notify-cloudtrail-tampering:planned']],
    [
      'cloudtrail/authorize-sg-ingress-open-ipv4.json',
      ['notify-open-security-group-ingress:planned'],
    ],
    [
      'cloudtrail/authorize-sg-ingress-open-ipv6.json',
      ['notify-open-security-group-ingress:planned'],
    ],
    ['cloudtrail/authorize-sg-ingress-private-cidr.json', []],
    [
      'cloudtrail/authorize-sg-ingress-by-parry.json',
      ['notify-open-security-group-ingress:skipped'],
    ],
    ['cloudtrail/console-sign-in.json', []],
  ])('%s → %j', async (file, expected) => {
    const result = await plan(file);
    expect(result.playbooks.map((p) => `${p.name}:${p.status}`)).toEqual(expected);
  });

  it.each([
    [
      'guardduty/backdoor-ec2-exempt-instance.json',
      'quarantine-compromised-instance',
      'vetoed by unless[0]',
    ],
    [
      'guardduty/sample-finding-backdoor-ec2.json',
      'quarantine-compromised-instance',
      'sample finding (service.additionalInfo.sample)',
    ],
    [
      'cloudtrail/stop-logging-access-denied.json',
      'notify-cloudtrail-tampering',
      'failed call (errorCode AccessDenied)',
    ],
    [
      'cloudtrail/authorize-sg-ingress-by-parry.json',
      'notify-open-security-group-ingress',
      "own principal (the responder's role caused this event)",
    ],
  ])('%s: %s is skipped with the reason "%s"', async (file, name, reason) => {
    const result = await plan(file);
    expect(result.playbooks.find((p) => p.name === name)).toMatchObject({
      status: 'skipped',
      reason,
      actions: [],
    });
  });

  it('plans the quarantine on every ENI the finding names, untrack before isolation', async () => {
    const result = await plan('guardduty/backdoor-ec2-c-and-c-activity.json');
    const quarantine = result.playbooks.find((p) => p.name === 'quarantine-compromised-instance');
    const swaps = quarantine?.actions[0]?.calls
      .filter((c) => c.operation === 'ModifyNetworkInterfaceAttribute')
      .map((c) => `${c.input.NetworkInterfaceId}→${String(c.input.Groups)}`);
    expect(swaps).toEqual([
      'eni-0f1e2d3c4b5a69788→<parry-untrack-vpc-0c1d2e3f4a5b6c7d8>',
      'eni-0a9b8c7d6e5f40312→<parry-untrack-vpc-0c1d2e3f4a5b6c7d8>',
      'eni-0f1e2d3c4b5a69788→<parry-isolation-vpc-0c1d2e3f4a5b6c7d8>',
      'eni-0a9b8c7d6e5f40312→<parry-isolation-vpc-0c1d2e3f4a5b6c7d8>',
    ]);
  });

  it('plans to disable exactly the key the finding names', async () => {
    const result = await plan('guardduty/iam-malicious-ip-caller.json');
    const key = result.playbooks.find((p) => p.name === 'disable-compromised-access-key')
      ?.actions[0];
    const updates = key?.calls.filter((c) => c.operation === 'UpdateAccessKey');
    expect(updates?.map((c) => c.input)).toEqual([
      { UserName: 'ci-deployer', AccessKeyId: 'AKIA5QZX3RVBLEXAMPLE', Status: 'Inactive' },
    ]);
  });

  it('wraps raw findings and raw records before matching them', async () => {
    const sources: string[] = [];
    for await (const item of readInputs([
      'test/events/guardduty/raw-finding-backdoor-ec2.json',
      'test/events/cloudtrail/raw-record-delete-trail.json',
    ])) {
      if (item.kind !== 'event') throw new Error(`unexpected ${item.kind}`);
      const result = await runEvent(item.event, item.source, playbooks, {
        settings,
        now: () => TEST_NOW,
      });
      sources.push(...result.playbooks.map((p) => `${p.name}:${p.status}`));
    }
    expect(sources).toEqual([
      'notify-on-findings:planned',
      'quarantine-compromised-instance:planned',
      'notify-cloudtrail-tampering:planned',
    ]);
  });
});
