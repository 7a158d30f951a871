import type {
  DescribeInstancesCommandOutput,
  DescribeNetworkInterfacesCommandOutput,
  Instance,
} from '@aws-sdk/client-ec2';
import type { Aws } from '../../aws/session.js';
import type { InstanceFacts } from './facts.js';
import { describeEnisCall, describeInstanceCall } from './plan.js';
import { sendCall } from './send.js';

/** What EC2 says of the instance now, in the shape the plan reads from the event. */
export function factsOf(instance: Instance): InstanceFacts {
  const enis = (instance.NetworkInterfaces ?? []).flatMap((eni) =>
    eni.NetworkInterfaceId && eni.VpcId
      ? [
          {
            id: eni.NetworkInterfaceId,
            vpcId: eni.VpcId,
            groups: (eni.Groups ?? []).flatMap((g) =>
              g.GroupId ? [{ id: g.GroupId, name: g.GroupName }] : [],
            ),
          },
        ]
      : [],
  );
  const volumes = (instance.BlockDeviceMappings ?? []).flatMap((m) =>
    m.DeviceName && m.Ebs?.VolumeId
      ? [
          {
            deviceName: m.DeviceName,
            volumeId: m.Ebs.VolumeId,
            ...(m.Ebs.DeleteOnTermination === undefined
              ? {}
              : { deleteOnTermination: m.Ebs.DeleteOnTermination }),
          },
        ]
      : [],
  );
  const tags: Record<string, string> = Object.create(null);
  for (const tag of instance.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  return {
    instanceId: instance.InstanceId ?? '',
    enis,
    volumes,
    profileArn: instance.IamInstanceProfile?.Arn,
    tags,
    state: instance.State?.Name,
  };
}

/**
 * Describes one instance: the event may be minutes old and an earlier run
 * may have changed it, so every decision is made on its state now.
 * @example const facts = await describeInstance(aws, 'i-0a1b2c3d4e5f60718')
 */
export async function describeInstance(
  aws: Aws,
  instanceId: string,
): Promise<InstanceFacts | undefined> {
  const output = await sendCall<DescribeInstancesCommandOutput>(
    aws,
    describeInstanceCall(instanceId),
  );
  const instance = (output.Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .find((i) => i.InstanceId === instanceId);
  return instance ? factsOf(instance) : undefined;
}

/** The tags of each ENI attached to the instance, by ENI id. */
export type EniTags = Record<string, { Key?: string }[]>;

/**
 * The tags of the instance's ENIs: DescribeInstances does not list them.
 * Asked at the same time as DescribeInstances, by attachment, so it costs no
 * round trip before containment.
 * @example await describeEniTags(aws, 'i-0a1b2c3d4e5f60718') // { 'eni-1': [{ Key: 'parry:exempt' }] }
 */
export async function describeEniTags(aws: Aws, instanceId: string): Promise<EniTags> {
  const output = await sendCall<DescribeNetworkInterfacesCommandOutput>(
    aws,
    describeEnisCall(instanceId),
  );
  const tags: EniTags = Object.create(null);
  for (const eni of output.NetworkInterfaces ?? []) {
    if (eni.NetworkInterfaceId) tags[eni.NetworkInterfaceId] = eni.TagSet ?? [];
  }
  return tags;
}
