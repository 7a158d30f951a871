export { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
