import type { AwsService } from './types.js';

/** The part of an SDK v3 client parry uses. */
export interface SdkClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
export type SdkClientClass = new (config: Record<string, unknown>) => SdkClient;

/**
 * Each client is imported only when an action first needs it, so a run that
 * only notifies never loads EC2's code (cold start is containment time).
 * Through a module that names the client class alone (`clients/`): an
 * import() of the package itself would keep all of it (every command and its
 * schema, 1.1 MB for EC2), where this keeps what parry's actions import.
 */
const LOADERS: Record<AwsService, () => Promise<SdkClientClass>> = {
  EC2: async () => (await import('./clients/ec2.js')).EC2Client as unknown as SdkClientClass,
  IAM: async () => (await import('./clients/iam.js')).IAMClient as unknown as SdkClientClass,
  SNS: async () => (await import('./clients/sns.js')).SNSClient as unknown as SdkClientClass,
  EventBridge: async () =>
    (await import('./clients/eventbridge.js')).EventBridgeClient as unknown as SdkClientClass,
  STS: async () => (await import('./clients/sts.js')).STSClient as unknown as SdkClientClass,
  CloudTrail: async () =>
    (await import('./clients/cloudtrail.js')).CloudTrailClient as unknown as SdkClientClass,
  S3: async () => (await import('./clients/s3.js')).S3Client as unknown as SdkClientClass,
  S3Control: async () =>
    (await import('./clients/s3-control.js')).S3ControlClient as unknown as SdkClientClass,
  AutoScaling: async () =>
    (await import('./clients/auto-scaling.js')).AutoScalingClient as unknown as SdkClientClass,
};

export const loadClientClass = (service: AwsService): Promise<SdkClientClass> => LOADERS[service]();
