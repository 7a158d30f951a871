export { SNSClient } from '@aws-sdk/client-sns';
