import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type Moto, SECURITY_ACCOUNT, TEST_KEYS } from './moto.js';

export const REGION = 'us-east-1';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The SDK settings for a client of the suite's own (set-up and describe), in one account. */
export const clientConfig = (moto: Moto, credentials: Keys = TEST_KEYS) => ({
  endpoint: moto.endpoint,
  region: REGION,
  credentials,
  maxAttempts: 1,
});

/**
 * Credentials acting in another account: moto makes AssumeRole credentials
 * act in the role's account (its README, "Several accounts").
 * @example new EC2Client(clientConfig(moto, await keysOf(moto, '444455556666')))
 */
export async function keysOf(moto: Moto, account: string, role = 'e2e-admin'): Promise<Keys> {
  if (account === SECURITY_ACCOUNT) return TEST_KEYS;
  const sts = new STSClient(clientConfig(moto));
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/${role}`,
      RoleSessionName: 'e2e',
    }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`no credentials for ${account}`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  };
}

/**
 * The environment parry runs with against moto (CLI, bundled Lambda, or
 * in-process through `applyEnv`): the SDK finds moto through AWS_ENDPOINT_URL.
 */
export const motoEnv = (
  moto: Moto,
  extra: Record<string, string> = {},
): Record<string, string> => ({
  AWS_ENDPOINT_URL: moto.endpoint,
  AWS_REGION: REGION,
  AWS_ACCESS_KEY_ID: TEST_KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_KEYS.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});

const AWS_VARS = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

/**
 * Sets the process environment for in-process parry (the SDK reads it), and
 * gives back a function that restores it.
 */
export function applyEnv(env: Record<string, string>): () => void {
  const keys = [...Object.keys(env), ...AWS_VARS];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of AWS_VARS) delete process.env[k];
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
