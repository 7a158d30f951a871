// The scenarios of benchmark 7 (issue 9's quarantine scenarios), built in moto with the
// end-to-end suite's helpers, and the check that a run isolated every ENI it should have.
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { EventBridgeEvent } from '../src/event/envelope.js';
import { clientConfig } from '../test/moto/support/aws.js';
import { guardDutyEc2Finding, runInstancesEvent } from '../test/moto/support/events.js';
import type { Moto } from '../test/moto/support/moto.js';
import { type WebInstance, webInstance, webVpc } from '../test/moto/support/world.js';
import type { Path } from './containment-paths.js';

/** A scenario: builds its world (moto just reset), may run parry beforehand, gives the measured event. */
export interface Scenario {
  key: 'first' | 'groups' | 'one-launch' | 'two-launch';
  name: string;
  setUp(moto: Moto, path: Path): Promise<{ event: EventBridgeEvent; webs: WebInstance[] }>;
}

export const SCENARIOS: Scenario[] = [
  {
    key: 'first',
    name: 'first quarantine in a VPC (GuardDuty finding)',
    async setUp(moto) {
      const web = await webInstance(moto);
      return { event: guardDutyEc2Finding(web), webs: [web] };
    },
  },
  {
    key: 'groups',
    name: "the VPC's parry groups exist (GuardDuty finding)",
    async setUp(moto, path) {
      const vpc = await webVpc(moto);
      const earlier = await webInstance(moto, { vpc, roleName: 'earlier-role' });
      await path.run(guardDutyEc2Finding(earlier, { id: 'e2e0earlier0000000000000000000000' }));
      const web = await webInstance(moto, { vpc });
      return { event: guardDutyEc2Finding(web), webs: [web] };
    },
  },
  {
    key: 'one-launch',
    name: 'one instance in a RunInstances event',
    async setUp(moto) {
      const web = await webInstance(moto);
      return { event: runInstancesEvent([web]), webs: [web] };
    },
  },
  {
    key: 'two-launch',
    name: 'two instances in one RunInstances event, one VPC',
    async setUp(moto) {
      const vpc = await webVpc(moto);
      const webs = [
        await webInstance(moto, { vpc, roleName: 'web-a-role' }),
        await webInstance(moto, { vpc, roleName: 'web-b-role' }),
      ];
      return { event: runInstancesEvent(webs), webs };
    },
  },
];

/** Throws unless every ENI of every instance carries only its VPC's isolation group, as moto has it. */
export async function checkIsolated(moto: Moto, webs: readonly WebInstance[]): Promise<void> {
  const ec2 = new EC2Client(clientConfig(moto));
  const described = await ec2.send(
    new DescribeInstancesCommand({ InstanceIds: webs.map((w) => w.instanceId) }),
  );
  const instances = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  for (const web of webs) {
    const enis = instances.find((i) => i.InstanceId === web.instanceId)?.NetworkInterfaces ?? [];
    const wrong = enis.filter(
      (n) => (n.Groups ?? []).map((g) => g.GroupName).join() !== `parry-isolation-${web.vpcId}`,
    );
    if (enis.length !== web.enis.length || wrong.length > 0) {
      throw new Error(`bench: ${web.instanceId} is not isolated in moto after the run`);
    }
  }
}
