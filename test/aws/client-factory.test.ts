import { Readable } from 'node:stream';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemberCredentials } from '../../src/aws/credentials.js';
import { AwsCallError, AwsSession, ClientFactory } from '../../src/aws/index.js';
import { testSettings } from '../helpers/execute.js';

const sts = mockClient(STSClient);
const expiration = new Date('2026-11-22T11:00:00Z');

beforeEach(() => {
  sts.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: expiration,
    },
  });
});

const fixed = { credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' } };

interface Credentialed {
  config: { credentials: () => Promise<{ accessKeyId: string }> };
}

describe('ClientFactory', () => {
  it('creates one client per service, account and region, lazily, and reuses it', async () => {
    const factory = new ClientFactory({ settings: testSettings(), clientConfig: fixed });
    const a = await factory.client('SNS', { account: '111122223333', region: 'us-east-1' }, 'p');
    const b = await factory.client('SNS', { account: '111122223333', region: 'us-east-1' }, 'p');
    const c = await factory.client('SNS', { account: '111122223333', region: 'eu-west-1' }, 'p');
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(factory.createdServices()).toEqual(['SNS']);
  });

  it('assumes the member role for another account, with the playbook as session name, once', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBER',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    const settings = testSettings({ externalId: 'ext-123' });
    const factory = new ClientFactory({ settings });
    const client = (await factory.client(
      'EC2',
      { account: '444455556666', region: 'eu-west-1' },
      'quarantine-compromised-instance',
    )) as unknown as Credentialed;
    const first = await client.config.credentials();
    await client.config.credentials();
    expect(first.accessKeyId).toBe('ASIAMEMBER');
    expect(sts).toHaveReceivedCommandExactlyOnceWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::444455556666:role/parry-responder',
      RoleSessionName: 'parry-quarantine-compromised-instance',
      DurationSeconds: 3600,
      ExternalId: 'ext-123',
    });
  });

  it("uses the responder's own credentials in its own account", async () => {
    const factory = new ClientFactory({ settings: testSettings(), clientConfig: fixed });
    const client = (await factory.client(
      'EC2',
      { account: '111122223333', region: 'us-east-1' },
      'p',
    )) as unknown as Credentialed;
    expect((await client.config.credentials()).accessKeyId).toBe('AKIATEST');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it('asks STS who it is when the responder account is not configured', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '444455556666' });
    const factory = new ClientFactory({
      settings: testSettings({ responderAccount: undefined }),
      clientConfig: fixed,
    });
    await factory.client('SNS', { account: '444455556666', region: 'us-east-1' }, 'p');
    await factory.client('EC2', { account: '444455556666', region: 'us-east-1' }, 'p');
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });
});

describe('MemberCredentials', () => {
  it('refreshes credentials five minutes before they expire', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const client = new STSClient({ region: 'us-east-1', ...fixed });
    const members = new MemberCredentials(
      testSettings(),
      async () => client,
      async (input) => new AssumeRoleCommand(input as never),
      () => now,
    );
    await members.get('444455556666', 'us-east-1', 'p');
    now = Date.parse('2026-11-22T10:50:00Z');
    await members.get('444455556666', 'us-east-1', 'p');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    now = Date.parse('2026-11-22T10:56:00Z');
    await members.get('444455556666', 'us-east-1', 'p');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('names the role it could not assume', async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error('not authorized to perform sts:AssumeRole'), {
        name: 'AccessDenied',
      }),
    );
    const client = new STSClient({ region: 'us-east-1', ...fixed });
    const members = new MemberCredentials(
      testSettings(),
      async () => client,
      async (input) => new AssumeRoleCommand(input as never),
    );
    await expect(members.get('444455556666', 'us-east-1', 'p')).rejects.toThrow(
      'cannot assume arn:aws:iam::444455556666:role/parry-responder: AccessDenied',
    );
  });
});

/** A fake HTTP layer, so the SDK's own retry middleware runs for real. */
function scriptedHandler(
  responses: { status: number; headers: Record<string, string>; body: string }[],
) {
  let calls = 0;
  const signedBy: string[] = [];
  return {
    get calls() {
      return calls;
    },
    /** The access key id that signed each request. */
    signedBy,
    handle: async (request: { headers: Record<string, string> }) => {
      signedBy.push(/Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '');
      const next = responses[Math.min(calls, responses.length - 1)];
      calls += 1;
      if (!next) throw new Error('no scripted response');
      return {
        response: {
          statusCode: next.status,
          headers: next.headers,
          body: Readable.from([next.body]),
        },
      };
    },
  };
}

describe('AwsSession', () => {
  const throttled = {
    status: 400,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': 'ThrottlingException',
    },
    body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
  };
  const ok = {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] }),
  };
  const put = () =>
    new PutEventsCommand({ Entries: [{ Source: 'parry', DetailType: 'x', Detail: '{}' }] });

  it('retries throttling (bounded) and succeeds, recording one call', async () => {
    const handler = scriptedHandler([throttled, ok]);
    const factory = new ClientFactory({
      settings: testSettings(),
      clientConfig: { ...fixed, requestHandler: handler, retryMode: 'standard' },
    });
    const aws = new AwsSession(
      factory,
      { account: '111122223333', region: 'us-east-1' },
      { playbook: 'p', action: 'emit-event' },
    );
    const out = await aws.send<{ FailedEntryCount: number }>('EventBridge', put());
    expect(out.FailedEntryCount).toBe(0);
    expect(handler.calls).toBe(2);
    expect(aws.calls).toEqual([
      { service: 'EventBridge', operation: 'PutEvents', input: put().input, status: 'ok' },
    ]);
  }, 20_000);

  it('gives up after the bounded attempts and wraps the error with action, target and code', async () => {
    const handler = scriptedHandler([throttled]);
    const factory = new ClientFactory({
      settings: testSettings(),
      clientConfig: { ...fixed, requestHandler: handler, retryMode: 'standard' },
    });
    const aws = new AwsSession(
      factory,
      { account: '111122223333', region: 'us-east-1' },
      { playbook: 'p', action: 'emit-event', resource: 'default' },
    );
    const error = await aws.send('EventBridge', put()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      code: 'ThrottlingException',
      action: 'emit-event',
      target: 'default',
    });
    expect(handler.calls).toBe(4);
    expect(aws.calls[0]).toMatchObject({ status: 'failed', code: 'ThrottlingException' });
  }, 20_000); // the SDK's own throttling backoff: 0.5 s, 1 s, 2 s, with jitter

  const published = {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: '<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
  };
  const publish = () =>
    new PublishCommand({
      TopicArn: 'arn:aws:sns:us-east-1:111122223333:parry-notifications',
      Message: 'm',
    });
  const memberSession = (handler: ReturnType<typeof scriptedHandler>) =>
    new AwsSession(
      // No fixed credentials: the factory chooses them, as in the Lambda.
      new ClientFactory({ settings: testSettings(), clientConfig: { requestHandler: handler } }),
      { account: '444455556666', region: 'us-east-1' },
      { playbook: 'p', action: 'notify' },
    );

  it("publishes to the security account's topic with the security account's credentials, not the member role", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAOWNRESPONDER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'own-secret');
    const handler = scriptedHandler([published]);
    const aws = memberSession(handler);
    try {
      await aws.send('SNS', publish(), { account: '111122223333' });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(handler.signedBy).toEqual(['AKIAOWNRESPONDER']);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
    expect(aws.calls[0]).toMatchObject({
      operation: 'Publish',
      account: '111122223333',
      status: 'ok',
    });
  });

  it('fails a call whose AssumeRole was throttled as transient, judged by the STS error underneath', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: {} }));
    const aws = memberSession(scriptedHandler([published]));
    const error = await aws.send('SNS', publish()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(String((error as Error).message)).toContain(
      'cannot assume arn:aws:iam::444455556666:role/parry-responder: Throttling',
    );
    expect(aws.calls[0]).toMatchObject({
      status: 'failed',
      code: 'AssumeRoleError',
      transient: true,
    });
  });

  it('keeps a refused AssumeRole permanent', async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error('not authorized to perform sts:AssumeRole'), {
        name: 'AccessDenied',
      }),
    );
    const aws = memberSession(scriptedHandler([published]));
    await aws.send('SNS', publish()).catch(() => undefined);
    expect(aws.calls[0]).toMatchObject({ status: 'failed', code: 'AssumeRoleError' });
    expect(aws.calls[0]?.transient).toBeUndefined();
  });

  it('records a call to another region of the same account', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: '1' });
    const factory = new ClientFactory({ settings: testSettings(), clientConfig: fixed });
    const aws = new AwsSession(
      factory,
      { account: '111122223333', region: 'us-east-1' },
      { playbook: 'p', action: 'notify' },
    );
    await aws.send(
      'SNS',
      new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', Message: 'm' }),
      { region: 'eu-west-1' },
    );
    expect(aws.calls[0]).toMatchObject({ operation: 'Publish', region: 'eu-west-1', status: 'ok' });
    sns.restore();
  });
});
