import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from '../event/envelope.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const TIME = '2026-11-22T10:00:00.000Z';

const INSTANCE = {
  instanceId: 'i-0c0ffee0c0ffee000',
  instanceType: 't3.medium',
  instanceState: 'running',
  availabilityZone: 'us-east-1a',
  iamInstanceProfile: {
    arn: `arn:aws:iam::${ACCOUNT}:instance-profile/coverage-probe`,
    id: 'AIPAQ3EGRLKTCOVERAGE',
  },
  networkInterfaces: [
    {
      networkInterfaceId: 'eni-0c0ffee0c0ffee000',
      vpcId: 'vpc-0c0ffee0c0ffee000',
      subnetId: 'subnet-0c0ffee0c0ffee000',
      privateIpAddress: '10.0.1.10',
      securityGroups: [{ groupId: 'sg-0c0ffee0c0ffee000', groupName: 'coverage-probe' }],
    },
  ],
  tags: [{ key: 'Name', value: 'coverage-probe' }],
};

const ACCESS_KEY = {
  accessKeyId: 'AKIAQ3EGRLKTCOVERAGE',
  principalId: 'AIDAQ3EGRLKTCOVERAGE',
  userName: 'coverage-probe',
  userType: 'IAMUser',
};

const BUCKET = {
  arn: 'arn:aws:s3:::coverage-probe-bucket',
  name: 'coverage-probe-bucket',
  type: 'Destination',
  owner: { id: 'c0ffee' },
  tags: [],
};

/**
 * What GuardDuty puts under `resource` for each resource type (Resource in
 * the GuardDuty API Reference): the details a playbook's actions look for.
 */
const RESOURCE_DETAILS: Readonly<Record<string, Record<string, unknown>>> = {
  Instance: { instanceDetails: INSTANCE },
  AccessKey: { accessKeyDetails: ACCESS_KEY },
  S3Bucket: { accessKeyDetails: ACCESS_KEY, s3BucketDetails: [BUCKET] },
  S3Object: { s3BucketDetails: [{ ...BUCKET, s3ObjectDetails: [{ key: 'probe.bin' }] }] },
  EKSCluster: {
    eksClusterDetails: {
      name: 'coverage-probe',
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/coverage-probe`,
      vpcId: 'vpc-0c0ffee0c0ffee000',
      status: 'ACTIVE',
      tags: [],
    },
    kubernetesDetails: { kubernetesUserDetails: { username: 'coverage-probe' } },
  },
  ECSCluster: {
    ecsClusterDetails: {
      name: 'coverage-probe',
      arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/coverage-probe`,
      status: 'ACTIVE',
      tags: [],
    },
  },
  Container: {
    containerDetails: { id: 'c0ffee', name: 'coverage-probe', image: 'coverage-probe:latest' },
  },
  Lambda: {
    lambdaDetails: {
      functionName: 'coverage-probe',
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:coverage-probe`,
      tags: [],
    },
  },
  RDSDBInstance: {
    rdsDbInstanceDetails: { dbInstanceIdentifier: 'coverage-probe', engine: 'aurora-postgresql' },
  },
  RDSLimitlessDB: {
    rdsLimitlessDbDetails: {
      dbShardGroupIdentifier: 'coverage-probe',
      engine: 'aurora-postgresql',
    },
  },
};

/** A resource type the docs only label (`doc:AWS Backup`) carries no resourceType a pattern could name. */
export const isDocumentedLabel = (resource: string): boolean => resource.startsWith('doc:');

/**
 * A GuardDuty finding of one type, resource type and severity, wrapped as
 * EventBridge delivers it ("GuardDuty Finding"), as a playbook would see it.
 * @example guardDutyFinding('Backdoor:EC2/C&CActivity.B', 'Instance', 8).detail.severity // 8
 */
export function guardDutyFinding(
  type: string,
  resource: string | undefined,
  severity: number,
): EventBridgeEvent {
  const known = resource !== undefined && !isDocumentedLabel(resource);
  const id = randomUUID().replaceAll('-', '');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: ACCOUNT,
    time: TIME,
    region: REGION,
    resources: [],
    detail: {
      schemaVersion: '2.0',
      accountId: ACCOUNT,
      region: REGION,
      partition: 'aws',
      id,
      arn: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/c0ffee/finding/${id}`,
      type,
      severity,
      title: `parry coverage: ${type}`,
      description: 'A finding built by parry coverage to see which playbooks answer it.',
      createdAt: TIME,
      updatedAt: TIME,
      resource: known ? { resourceType: resource, ...(RESOURCE_DETAILS[resource] ?? {}) } : {},
      service: {
        serviceName: 'guardduty',
        detectorId: 'c0ffee',
        archived: false,
        count: 1,
        eventFirstSeen: TIME,
        eventLastSeen: TIME,
        resourceRole: 'TARGET',
        additionalInfo: {},
      },
    },
  };
}
