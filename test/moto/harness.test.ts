import { DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { expect, it } from 'vitest';
import { instancesFromEvent } from '../../src/actions/quarantine-instance/facts.js';
import { clientConfig, keysOf } from './support/aws.js';
import { runInstancesEvent } from './support/events.js';
import { roundsOf, SECURITY_ACCOUNT } from './support/moto.js';
import { describeMoto, itWithLog } from './support/suite.js';
import { webInstance, webVpc } from './support/world.js';

const MEMBER = '444455556666';

describeMoto('the moto harness', (moto) => {
  it('keeps the state of each account apart', async () => {
    const member = await keysOf(moto(), MEMBER);
    const own = new EC2Client(clientConfig(moto()));
    const other = new EC2Client(clientConfig(moto(), member));
    await other.send(
      new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1 }),
    );
    const inOwn = await own.send(new DescribeInstancesCommand({}));
    const inOther = await other.send(new DescribeInstancesCommand({}));
    expect(inOwn.Reservations ?? []).toHaveLength(0);
    expect(inOther.Reservations?.[0]?.OwnerId).toBe(MEMBER);
    expect(SECURITY_ACCOUNT).toBe('123456789012');
  });

  itWithLog('logs which keys signed each request', async () => {
    const member = await keysOf(moto(), MEMBER);
    await new EC2Client(clientConfig(moto(), member)).send(new DescribeInstancesCommand({}));
    const call = moto()
      .calls()
      .find((c) => c.op === 'DescribeInstances');
    expect(call?.akid).toBe(member.accessKeyId);
    expect(call?.akid).not.toBe('testing');
  });

  itWithLog('serves injected faults until their count is used up', async () => {
    moto().setFaults({
      DescribeInstances: { count: 1, status: 503, code: 'RequestLimitExceeded' },
    });
    const ec2 = new EC2Client(clientConfig(moto()));
    await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
    await expect(ec2.send(new DescribeInstancesCommand({}))).resolves.toBeDefined();
    expect(moto().remainingFaults().DescribeInstances?.count).toBe(0);
  });

  itWithLog('counts calls made one after another as separate rounds', async () => {
    const ec2 = new EC2Client(clientConfig(moto()));
    await Promise.all([
      ec2.send(new DescribeInstancesCommand({})),
      ec2.send(new DescribeInstancesCommand({})),
    ]);
    await ec2.send(new DescribeInstancesCommand({}));
    const rounds = roundsOf(moto().calls()).map((c) => c.round);
    expect(rounds).toEqual([1, 1, 2]);
  });

  it('puts a second instance in the VPC of the first, and one launch event names both', async () => {
    const vpc = await webVpc(moto());
    const a = await webInstance(moto(), { vpc, roleName: 'role-a' });
    const b = await webInstance(moto(), { vpc, roleName: 'role-b' });
    const described = await new EC2Client(clientConfig(moto())).send(
      new DescribeInstancesCommand({ InstanceIds: [a.instanceId, b.instanceId] }),
    );
    const instances = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(instances.map((i) => i.VpcId)).toEqual([vpc.vpcId, vpc.vpcId]);
    expect(instances.map((i) => i.NetworkInterfaces?.length)).toEqual([2, 2]);
    // What quarantine reads of the event: each instance with its ENIs, VPC, groups and profile.
    expect(instancesFromEvent(runInstancesEvent([a, b]))).toEqual(
      [a, b].map((web) => ({
        instanceId: web.instanceId,
        enis: web.enis.map((eni) => ({ id: eni.id, vpcId: vpc.vpcId, groups: eni.groups })),
        profileArn: web.profileArn,
        tags: {},
      })),
    );
  });
});
