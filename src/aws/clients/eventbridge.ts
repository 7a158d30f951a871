export { EventBridgeClient } from '@aws-sdk/client-eventbridge';
