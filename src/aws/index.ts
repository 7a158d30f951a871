export { ClientFactory, type ClientFactoryOptions, RETRY_CONFIG } from './client-factory.js';
export { memberRoleArn, partitionOf, sessionNameFor } from './credentials.js';
export { AssumeRoleError, AwsCallError, errorCode } from './errors.js';
export { type Aws, AwsSession, operationOf, type SdkCommand, type SendOptions } from './session.js';
export { type AwsTarget, targetOf } from './target.js';
export { isTransient, isTransientError } from './transient.js';
export type { AwsService, CallRecord, CallStatus, PlannedCall } from './types.js';
