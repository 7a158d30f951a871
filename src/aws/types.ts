/** The AWS services parry calls: one SDK client each (see services.ts). */
export type AwsService =
  | 'EC2'
  | 'IAM'
  | 'SNS'
  | 'EventBridge'
  | 'STS'
  | 'CloudTrail'
  | 'S3'
  | 'S3Control'
  | 'AutoScaling';

/** One AWS API call, as planned or as made. Values not known before the run are written `<like this>`. */
export interface PlannedCall {
  service: AwsService;
  operation: string;
  input: Record<string, unknown>;
  /** Set when the call goes to another region than the event's. */
  region?: string;
  /** Set when the call goes to another account than the event's (the topic's owner). */
  account?: string;
  /** When the call is made only in some states, e.g. `if parry-isolation-vpc-1 does not exist`. */
  condition?: string;
}

/** `tolerated`: AWS answered an error meaning the wanted state already holds (e.g. `InvalidPermission.Duplicate`). */
export type CallStatus = 'ok' | 'failed' | 'skipped' | 'tolerated';

export interface CallRecord extends PlannedCall {
  status?: CallStatus;
  /** `AccessDenied: User ... is not authorized` when the call failed. */
  error?: string;
  /** The AWS error code alone, when the call failed. */
  code?: string;
  /**
   * The failure may pass (throttling, 5xx), judged by the SDK error underneath:
   * a throttled AssumeRole fails the call with `AssumeRoleError`, and is transient.
   */
  transient?: true;
}
