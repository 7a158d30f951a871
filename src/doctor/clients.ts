import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';

/** The clients `parry doctor` reads with: the global ones, and the Regional ones per Region. */
export interface DoctorClients {
  sts: STSClient;
  organizations: OrganizationsClient;
  iam: IAMClient;
  cloudformation(region: string): CloudFormationClient;
  events(region: string): EventBridgeClient;
  sns(region: string): SNSClient;
  guardduty(region: string): GuardDutyClient;
}

export interface ClientConfig {
  /** A profile of the shared config files (`--profile`). */
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Tests only: an emulator (the SDK also reads AWS_ENDPOINT_URL). */
  endpoint?: string;
}

/**
 * The caller's credentials (the default chain, or `--profile`), one client
 * per service and Region. IAM and Organizations are global: their endpoint
 * is in us-east-1.
 */
export function createDoctorClients(config: ClientConfig = {}): DoctorClients {
  const base = (region: string) => ({
    region,
    ...(config.profile ? { profile: config.profile } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  const perRegion = <T>(make: (region: string) => T) => {
    const made = new Map<string, T>();
    return (region: string): T => {
      let client = made.get(region);
      if (!client) {
        client = make(region);
        made.set(region, client);
      }
      return client;
    };
  };
  return {
    sts: new STSClient(base('us-east-1')),
    organizations: new OrganizationsClient(base('us-east-1')),
    iam: new IAMClient(base('us-east-1')),
    cloudformation: perRegion((r) => new CloudFormationClient(base(r))),
    events: perRegion((r) => new EventBridgeClient(base(r))),
    sns: perRegion((r) => new SNSClient(base(r))),
    guardduty: perRegion((r) => new GuardDutyClient(base(r))),
  };
}
