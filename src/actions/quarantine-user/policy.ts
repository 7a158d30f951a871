import { iamCall } from '../disable-access-key/iam-calls.js';

export const QUARANTINE_POLICY_NAME = 'parry-quarantine';

/** Deny everything: an explicit deny wins over every allow, whatever else the user has. */
export const QUARANTINE_POLICY_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ParryQuarantineDenyAll', Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
});

/**
 * The deny-all inline policy; the document has no timestamp, so a re-run writes the same bytes.
 * @example putQuarantinePolicyCall('ci-deployer').input.PolicyName // 'parry-quarantine'
 */
export const putQuarantinePolicyCall = (userName: string, condition?: string) =>
  iamCall(
    'PutUserPolicy',
    {
      UserName: userName,
      PolicyName: QUARANTINE_POLICY_NAME,
      PolicyDocument: QUARANTINE_POLICY_DOCUMENT,
    },
    condition,
  );

/**
 * Removes the console password; IAM answers NoSuchEntity when there is none.
 * @example deleteLoginProfileCall('ci-deployer').input // { UserName: 'ci-deployer' }
 */
export const deleteLoginProfileCall = (userName: string, condition?: string) =>
  iamCall('DeleteLoginProfile', { UserName: userName }, condition);
