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
 */
const LOADERS: Record<AwsService, () => Promise<SdkClientClass>> = {
  EC2: async () => (await import('@aws-sdk/client-ec2')).EC2Client as unknown as SdkClientClass,
  IAM: async () => (await import('@aws-sdk/client-iam')).IAMClient as unknown as SdkClientClass,
  SNS: async () => (await import('@aws-sdk/client-sns')).SNSClient as unknown as SdkClientClass,
  EventBridge: async () =>
    (await import('@aws-sdk/client-eventbridge')).EventBridgeClient as unknown as SdkClientClass,
  STS: async () => (await import('@aws-sdk/client-sts')).STSClient as unknown as SdkClientClass,
  CloudTrail: async () =>
    (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient as unknown as SdkClientClass,
  S3: async () => (await import('@aws-sdk/client-s3')).S3Client as unknown as SdkClientClass,
  S3Control: async () =>
    (await import('@aws-sdk/client-s3-control')).S3ControlClient as unknown as SdkClientClass,
  AutoScaling: async () =>
    (await import('@aws-sdk/client-auto-scaling')).AutoScalingClient as unknown as SdkClientClass,
};

export const loadClientClass = (service: AwsService): Promise<SdkClientClass> => LOADERS[service]();
