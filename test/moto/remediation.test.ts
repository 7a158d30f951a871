import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeTagsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateBucketCommand,
  GetPublicAccessBlockCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { clientConfig } from './support/aws.js';
import { cloudTrailEvent } from './support/events.js';
import { SECURITY_ACCOUNT } from './support/moto.js';
import { enforce, onlyAction, runParry } from './support/parry.js';
import { changingCalls } from './support/state.js';
import { describeMoto, itWithLog } from './support/suite.js';
import { AMI } from './support/world.js';

const ACCOUNT = SECURITY_ACCOUNT;

describeMoto('the remediation actions against moto', (moto) => {
  const ec2 = () => new EC2Client(clientConfig(moto()));

  itWithLog(
    'revoke-security-group-ingress revokes the open rule the call added, once',
    async () => {
      const vpc = await ec2().send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
      const group = await ec2().send(
        new CreateSecurityGroupCommand({
          VpcId: vpc.Vpc?.VpcId,
          GroupName: 'db',
          Description: 'db',
        }),
      );
      const groupId = group.GroupId ?? '';
      const permission = (cidr: string) => ({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [{ CidrIp: cidr }],
      });
      // moto answers AuthorizeSecurityGroupIngress with one rule only: one call per rule.
      for (const cidr of ['10.0.0.0/8', '0.0.0.0/0']) {
        await ec2().send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: [permission(cidr)],
          }),
        );
      }
      const rules = async () =>
        (
          await ec2().send(
            new DescribeSecurityGroupRulesCommand({
              Filters: [{ Name: 'group-id', Values: [groupId] }],
            }),
          )
        ).SecurityGroupRules?.filter((r) => !r.IsEgress) ?? [];
      const added = await rules();
      const event = cloudTrailEvent(ACCOUNT, 'ec2', 'AuthorizeSecurityGroupIngress', {
        requestParameters: {
          groupId,
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 5432,
                toPort: 5432,
                ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }, { cidrIp: '0.0.0.0/0' }] },
              },
            ],
          },
        },
        responseElements: {
          _return: true,
          securityGroupRuleSet: {
            items: added.map((r) => ({
              groupId,
              securityGroupRuleId: r.SecurityGroupRuleId,
              isEgress: false,
              ipProtocol: 'tcp',
              fromPort: 5432,
              toPort: 5432,
              cidrIpv4: r.CidrIpv4,
            })),
          },
        },
      });
      const playbook = enforce('revoke-open', 'aws.ec2', '  - type: revoke-security-group-ingress');

      expect(onlyAction(await runParry(moto(), [playbook], event)).status).toBe('succeeded');
      expect((await rules()).map((r) => r.CidrIpv4)).toEqual(['10.0.0.0/8']);

      moto().clearLog();
      const second = onlyAction(await runParry(moto(), [playbook], event));
      expect(second).toMatchObject({ status: 'skipped', reason: 'already revoked: nothing to do' });
      expect(changingCalls(moto().calls())).toEqual([]);
      expect((await rules()).map((r) => r.CidrIpv4)).toEqual(['10.0.0.0/8']);
    },
  );

  itWithLog('start-logging restarts the trail StopLogging stopped, once', async () => {
    const s3 = new S3Client({ ...clientConfig(moto()), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'org-trail-logs' }));
    const trails = new CloudTrailClient(clientConfig(moto()));
    const trail = await trails.send(
      new CreateTrailCommand({ Name: 'org-audit-trail', S3BucketName: 'org-trail-logs' }),
    );
    await trails.send(new StartLoggingCommand({ Name: 'org-audit-trail' }));
    await trails.send(new StopLoggingCommand({ Name: 'org-audit-trail' }));
    const event = cloudTrailEvent(ACCOUNT, 'cloudtrail', 'StopLogging', {
      requestParameters: { name: trail.TrailARN },
    });
    const playbook = enforce('restart', 'aws.cloudtrail', '  - type: start-logging');
    const logging = async () =>
      (await trails.send(new GetTrailStatusCommand({ Name: 'org-audit-trail' }))).IsLogging;

    expect(await logging()).toBe(false);
    expect(onlyAction(await runParry(moto(), [playbook], event)).status).toBe('succeeded');
    expect(await logging()).toBe(true);

    moto().clearLog();
    const second = onlyAction(await runParry(moto(), [playbook], event));
    expect(second).toMatchObject({ status: 'skipped', reason: 'already logging: nothing to do' });
    expect(changingCalls(moto().calls())).toEqual([]);
  });

  itWithLog(
    'block-s3-public-access turns on all four settings, once, and never on an exempt bucket',
    async () => {
      const s3 = new S3Client({ ...clientConfig(moto()), forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'media-exports' }));
      await s3.send(new CreateBucketCommand({ Bucket: 'public-site' }));
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: 'public-site',
          Tagging: { TagSet: [{ Key: 'Parry:Exempt', Value: 'a public website' }] },
        }),
      );
      const policyOn = (bucket: string) =>
        cloudTrailEvent(ACCOUNT, 's3', 'PutBucketPolicy', {
          requestParameters: { bucketName: bucket },
        });
      const playbook = enforce('block', 'aws.s3', '  - type: block-s3-public-access');
      const block = async (bucket: string) =>
        s3
          .send(new GetPublicAccessBlockCommand({ Bucket: bucket }))
          .then((o) => o.PublicAccessBlockConfiguration)
          .catch((error: Error) => error.name);

      expect(onlyAction(await runParry(moto(), [playbook], policyOn('media-exports'))).status).toBe(
        'succeeded',
      );
      expect(await block('media-exports')).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      const exempt = onlyAction(await runParry(moto(), [playbook], policyOn('public-site')));
      expect(exempt).toMatchObject({ status: 'skipped', reason: 'exempt: tagged parry:exempt' });
      expect(await block('public-site')).toBe('NoSuchPublicAccessBlockConfiguration');

      moto().clearLog();
      const second = onlyAction(await runParry(moto(), [playbook], policyOn('media-exports')));
      expect(second.status).toBe('skipped');
      expect(changingCalls(moto().calls())).toEqual([]);
    },
  );

  itWithLog(
    'tag tags the instance, leaves an exempt one alone, and a second run makes no call that writes',
    async () => {
      const run = await ec2().send(
        new RunInstancesCommand({ ImageId: AMI, MinCount: 2, MaxCount: 2 }),
      );
      const [target, exempt] = (run.Instances ?? []).map((i) => i.InstanceId ?? '') as [
        string,
        string,
      ];
      await ec2().send(
        new (await import('@aws-sdk/client-ec2')).CreateTagsCommand({
          Resources: [exempt],
          Tags: [{ Key: 'PARRY:EXEMPT', Value: '' }],
        }),
      );
      const playbook = enforce(
        'tag-incident',
        'aws.ec2',
        `  - type: tag\n    resources: [${target}, ${exempt}]\n    tags:\n      incident: IR-2041\n      finding: "{{ detail.eventName }}"`,
      );
      const event = cloudTrailEvent(ACCOUNT, 'ec2', 'RunInstances', {});
      const tagsOf = async (id: string) =>
        Object.fromEntries(
          (
            (
              await ec2().send(
                new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }),
              )
            ).Tags ?? []
          ).map((t) => [t.Key, t.Value]),
        );

      const first = onlyAction(await runParry(moto(), [playbook], event));
      expect(first).toMatchObject({
        status: 'succeeded',
        details: { tagged: [target], exempt: [exempt] },
      });
      expect(await tagsOf(target)).toEqual({ incident: 'IR-2041', finding: 'RunInstances' });
      expect(await tagsOf(exempt)).toEqual({ 'PARRY:EXEMPT': '' });

      moto().clearLog();
      const second = onlyAction(await runParry(moto(), [playbook], event));
      expect(second.status).toBe('skipped');
      expect(changingCalls(moto().calls())).toEqual([]);
      expect(await tagsOf(target)).toEqual({ incident: 'IR-2041', finding: 'RunInstances' });
    },
  );
});
