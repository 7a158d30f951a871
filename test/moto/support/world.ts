import {
  AssociateIamInstanceProfileCommand,
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { clientConfig, type Keys } from './aws.js';
import type { Moto } from './moto.js';

/** moto's stand-in AMI (any id works; this one is in its default list). */
export const AMI = 'ami-12c6146b';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

export interface WebInstance {
  account: string;
  vpcId: string;
  instanceId: string;
  /** The primary ENI first, then the one attached after launch. */
  enis: { id: string; groups: { id: string; name: string }[] }[];
  volumeIds: string[];
  profileArn: string;
  roleName: string;
}

type Tag = { Key: string; Value: string };

/** A VPC as `webVpc` makes it: two subnets, and the two groups its instances start in. */
export interface WebVpc {
  vpcId: string;
  subnetIds: [string, string];
  /** `web-app` (the primary ENI's) and `db-clients` (the second ENI's). */
  groups: [{ id: string; name: string }, { id: string; name: string }];
}

export interface WebInstanceOptions {
  /** The credentials of the account to build in (`keysOf`); the suite's own account by default. */
  keys?: Keys;
  account?: string;
  /** A VPC of an earlier `webVpc` (another instance beside it); a fresh one by default. */
  vpc?: WebVpc;
  roleName?: string;
  roleTags?: Tag[];
  instanceTags?: Tag[];
  /** Tags of the second ENI. */
  secondEniTags?: Tag[];
  /** Launch into this instance's VPC and subnets (its own groups and role then need other names). */
  inVpcOf?: WebInstance;
}

/**
 * A VPC with two subnets and two groups (`web-app`, `db-clients`), in the
 * account of `keys`.
 * @example const vpc = await webVpc(moto()); await webInstance(moto(), { vpc })
 */
export async function webVpc(moto: Moto, keys?: Keys): Promise<WebVpc> {
  const ec2 = new EC2Client(clientConfig(moto, keys));
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnets = await Promise.all(
    ['10.20.1.0/24', '10.20.2.0/24'].map((CidrBlock) =>
      ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock })),
    ),
  );
  const groups = await Promise.all(
    ['web-app', 'db-clients'].map(async (name) => {
      const made = await ec2.send(
        new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }),
      );
      return { id: made.GroupId ?? '', name };
    }),
  );
  const [first, second] = subnets.map((s) => s.Subnet?.SubnetId ?? '');
  const [web, db] = groups;
  if (!first || !second || !web || !db) throw new Error(`webVpc: incomplete VPC ${vpcId}`);
  return { vpcId, subnetIds: [first, second], groups: [web, db] };
}

/**
 * One running instance as a quarantine finds it: in a VPC with two subnets
 * and two groups (a fresh one unless `options.vpc`), with two ENIs (the
 * primary and one attached after launch, each in its own group), two EBS
 * volumes, and an instance profile whose role it runs with.
 * @example const web = await webInstance(moto()) // web.enis.length === 2
 */
export async function webInstance(
  moto: Moto,
  options: WebInstanceOptions = {},
): Promise<WebInstance> {
  const config = clientConfig(moto, options.keys);
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  const roleName = options.roleName ?? 'web-app-role';
  const profileName = `${roleName}-profile`;
  await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: TRUST,
      ...(options.roleTags ? { Tags: options.roleTags } : {}),
    }),
  );
  const profile = await iam.send(
    new CreateInstanceProfileCommand({ InstanceProfileName: profileName }),
  );
  await iam.send(
    new AddRoleToInstanceProfileCommand({ InstanceProfileName: profileName, RoleName: roleName }),
  );
  const { vpcId, subnetIds, groups } = options.vpc ?? (await webVpc(moto, options.keys));
  const [web, db] = groups;
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMI,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetIds[0], Groups: [web.id] }],
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, DeleteOnTermination: true } },
        { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 8, DeleteOnTermination: true } },
      ],
      ...(options.instanceTags
        ? { TagSpecifications: [{ ResourceType: 'instance', Tags: options.instanceTags }] }
        : {}),
    }),
  );
  const instance = run.Instances?.[0];
  const instanceId = instance?.InstanceId ?? '';
  const second = await ec2.send(
    new CreateNetworkInterfaceCommand({
      SubnetId: subnetIds[1],
      Groups: [db.id],
      ...(options.secondEniTags
        ? {
            TagSpecifications: [{ ResourceType: 'network-interface', Tags: options.secondEniTags }],
          }
        : {}),
    }),
  );
  const secondId = second.NetworkInterface?.NetworkInterfaceId ?? '';
  await ec2.send(
    new AttachNetworkInterfaceCommand({
      InstanceId: instanceId,
      NetworkInterfaceId: secondId,
      DeviceIndex: 1,
    }),
  );
  await ec2.send(
    new AssociateIamInstanceProfileCommand({
      InstanceId: instanceId,
      IamInstanceProfile: { Name: profileName },
    }),
  );
  return {
    account: options.account ?? instance?.NetworkInterfaces?.[0]?.OwnerId ?? '',
    vpcId,
    instanceId,
    enis: [
      { id: instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '', groups: [web] },
      { id: secondId, groups: [db] },
    ],
    volumeIds: (instance?.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId ?? ''),
    profileArn: profile.InstanceProfile?.Arn ?? '',
    roleName,
  };
}
