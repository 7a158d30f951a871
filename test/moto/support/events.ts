import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { REGION } from './aws.js';
import type { WebInstance } from './world.js';

type Json = Record<string, unknown>;

/** The nested object at a path of a sample event's detail, to change in place. */
const at = (value: Json, ...keys: string[]): Json =>
  keys.reduce((current, key) => current[key] as Json, value);

/**
 * The sample backdoor finding of test/events, about an instance of the
 * world (its id, ENIs with VPC and groups, profile), in its account.
 * @example guardDutyEc2Finding(web).detail.resource.instanceDetails.instanceId === web.instanceId
 */
export function guardDutyEc2Finding(
  web: WebInstance,
  options: { id?: string; envelopeAccount?: string } = {},
): EventBridgeEvent {
  const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
  const detail = event.detail;
  const id = options.id ?? 'e2e0c0ffee0c0ffee0c0ffee0c0ffee0';
  detail.id = id;
  detail.accountId = web.account;
  detail.region = REGION;
  detail.arn = `arn:aws:guardduty:${REGION}:${web.account}:detector/d1/finding/${id}`;
  const instance = at(detail, 'resource', 'instanceDetails');
  instance.instanceId = web.instanceId;
  instance.iamInstanceProfile = { arn: web.profileArn, id: 'AIPAE2E' };
  instance.networkInterfaces = web.enis.map((eni) => ({
    networkInterfaceId: eni.id,
    vpcId: web.vpcId,
    securityGroups: eni.groups.map((g) => ({ groupId: g.id, groupName: g.name })),
  }));
  return {
    ...event,
    account: options.envelopeAccount ?? web.account,
    region: REGION,
    detail,
  };
}

/** A GuardDuty IAM finding about an access key of an IAM user. */
export function guardDutyKeyFinding(
  account: string,
  key: { userName: string; accessKeyId: string; userType?: string },
): EventBridgeEvent {
  const event = sampleEvent('guardduty/iam-malicious-ip-caller.json');
  const detail = event.detail;
  detail.accountId = account;
  detail.region = REGION;
  const resource = at(detail, 'resource');
  resource.accessKeyDetails = {
    ...at(resource, 'accessKeyDetails'),
    accessKeyId: key.accessKeyId,
    userName: key.userName,
    userType: key.userType ?? 'IAMUser',
  };
  return { ...event, account, region: REGION, detail };
}

/**
 * A CloudTrail management event as EventBridge delivers it.
 * @example cloudTrailEvent('123456789012', 'ec2', 'AuthorizeSecurityGroupIngress', { requestParameters: {...} })
 */
export function cloudTrailEvent(
  account: string,
  service: string,
  eventName: string,
  detail: Record<string, unknown>,
): EventBridgeEvent {
  return {
    version: '0',
    id: `e2e-${eventName}-${account}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account,
    time: '2026-11-22T09:59:00Z',
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      eventTime: '2026-11-22T09:59:00Z',
      eventSource: `${service}.amazonaws.com`,
      eventName,
      awsRegion: REGION,
      sourceIPAddress: '203.0.113.7',
      userAgent: 'aws-cli/2',
      eventType: 'AwsApiCall',
      recipientAccountId: account,
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAE2E',
        arn: `arn:aws:iam::${account}:user/dev-jsmith`,
        accountId: account,
        userName: 'dev-jsmith',
      },
      ...detail,
    },
  };
}

/**
 * A CloudTrail RunInstances event naming several instances of the world,
 * each with its ENIs (VPC and groups) and profile, as EventBridge delivers it.
 * @example runInstancesEvent([web, twin]).detail.responseElements.instancesSet.items.length === 2
 */
export function runInstancesEvent(instances: readonly WebInstance[]): EventBridgeEvent {
  const account = instances[0]?.account ?? '';
  return cloudTrailEvent(account, 'ec2', 'RunInstances', {
    requestParameters: { instancesSet: { items: [{ imageId: 'ami-12c6146b' }] } },
    responseElements: {
      instancesSet: {
        items: instances.map((web) => ({
          instanceId: web.instanceId,
          vpcId: web.vpcId,
          iamInstanceProfile: { arn: web.profileArn },
          networkInterfaceSet: {
            items: web.enis.map((eni) => ({
              networkInterfaceId: eni.id,
              vpcId: web.vpcId,
              groupSet: { items: eni.groups.map((g) => ({ groupId: g.id, groupName: g.name })) },
            })),
          },
        })),
      },
    },
  });
}
