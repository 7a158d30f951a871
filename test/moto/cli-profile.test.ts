import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { applyEnv, clientConfig, motoEnv } from './support/aws.js';
import { topicInbox } from './support/inbox.js';
import { SECURITY_ACCOUNT, TEST_KEYS } from './support/moto.js';
import { describeMoto, itWithLog } from './support/suite.js';

const PROFILE_KEY = 'AKIAPROFILEE2E00001';

/** A shared credentials file with one profile, and the environment pointing at it. */
function profileFiles(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'parry-profile-'));
  writeFileSync(
    join(dir, 'credentials'),
    `[incident]\naws_access_key_id = ${PROFILE_KEY}\naws_secret_access_key = profile-secret\n`,
  );
  writeFileSync(join(dir, 'config'), '[profile incident]\nregion = us-east-1\n');
  return {
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
  };
}

/** The sample StopLogging event, made to happen in moto's own account, so parry acts with its own credentials. */
function ownAccountEvent(): string {
  const event = JSON.parse(readFileSync('test/events/cloudtrail/stop-logging.json', 'utf8'));
  const text = JSON.stringify(event).replaceAll('111122223333', SECURITY_ACCOUNT);
  const file = join(mkdtempSync(join(tmpdir(), 'parry-event-')), 'stop-logging.json');
  writeFileSync(file, text);
  return file;
}

describeMoto('replay --execute --profile and --region against moto', (moto) => {
  itWithLog('acts with the profile named, not the keys in the environment', async () => {
    const { topicArn: TopicArn, messages } = await topicInbox(moto(), 'parry-notifications');
    const setUpCalls = moto().calls().length;
    const env = motoEnv(moto(), {
      ...profileFiles(),
      PARRY_ACCOUNT_ID: SECURITY_ACCOUNT,
      PARRY_NOTIFY_TOPIC_ARN: TopicArn,
    });
    const restore = applyEnv(env);
    try {
      const args = ['replay', ownAccountEvent(), '--execute', '--json'];
      const run = await runCli([...args, '--profile', 'incident'], { env });
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
    } finally {
      restore();
    }
    const made = moto()
      .calls()
      .filter((c) => c.n > setUpCalls);
    expect(made.map((c) => [c.op, c.akid])).toEqual([['Publish', PROFILE_KEY]]);
    expect(PROFILE_KEY).not.toBe(TEST_KEYS.accessKeyId);
    // The notification is in the subscribed queue: the state after parry acted.
    expect((await messages())[0]?.Subject).toMatch(/^CloudTrail StopLogging on /);
  });

  itWithLog('asks STS who it is in the region --region names, with the profile', async () => {
    const sns = new SNSClient(clientConfig(moto()));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'parry-notifications' }));
    const env = motoEnv(moto(), { ...profileFiles(), PARRY_NOTIFY_TOPIC_ARN: TopicArn ?? '' });
    const restore = applyEnv(env);
    try {
      const args = ['replay', 'test/events/cloudtrail/stop-logging.json', '--execute', '--json'];
      await runCli([...args, '--profile', 'incident', '--region', 'eu-west-2'], { env });
    } finally {
      restore();
    }
    // Without PARRY_ACCOUNT_ID parry asks STS which account it is in, from --region.
    const identity = moto()
      .calls()
      .filter((c) => c.op === 'GetCallerIdentity');
    expect(identity.map((c) => [c.region, c.akid])).toEqual([['eu-west-2', PROFILE_KEY]]);
  });
});
