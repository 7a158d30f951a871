import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Received {
  path: string;
  body: URLSearchParams;
}

const received: Received[] = [];
let server: Server;
let endpoint: string;

const PUBLISH_RESPONSE = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
  <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
</PublishResponse>`;

const bodyOf = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => resolve(text));
  });

/** A stand-in SNS endpoint on loopback: what `AWS_ENDPOINT_URL` points the SDK to. */
beforeAll(async () => {
  server = createServer(async (request, response) => {
    received.push({ path: request.url ?? '', body: new URLSearchParams(await bodyOf(request)) });
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(PUBLISH_RESPONSE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const AWS_VARS = [
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
] as const;

describe('parry replay --execute', () => {
  it('performs, against AWS_ENDPOINT_URL, the calls the plan showed', async () => {
    const env = {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      PARRY_ACCOUNT_ID: '111122223333',
      PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry-notifications',
    };
    // The SDK reads its settings from the process environment, the CLI from the env it is given.
    const saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    delete process.env.AWS_PROFILE;
    const file = 'test/events/cloudtrail/stop-logging.json';
    try {
      const plan = JSON.parse((await runCli(['replay', file, '--json'], { env })).out);
      const run = await runCli(['replay', file, '--json', '--execute'], { env });
      expect(run.code).toBe(0);
      const executed = JSON.parse(run.out);
      const plannedCalls = plan.events[0].playbooks[0].actions[0].calls;
      const madeCalls = executed.events[0].playbooks[0].actions[0].calls;
      expect(executed.events[0].playbooks[0]).toMatchObject({
        name: 'notify-cloudtrail-tampering',
        status: 'executed',
      });
      expect(madeCalls.map((c: { operation: string }) => c.operation)).toEqual(
        plannedCalls.map((c: { operation: string }) => c.operation),
      );
      expect(madeCalls[0].status).toBe('ok');
      expect(received).toHaveLength(1);
      const sent = received[0]?.body;
      expect(sent?.get('Action')).toBe('Publish');
      expect(sent?.get('TopicArn')).toBe(env.PARRY_NOTIFY_TOPIC_ARN);
      expect(sent?.get('Subject')).toBe(plannedCalls[0].input.Subject);
      expect(sent?.get('MessageStructure')).toBe('json');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('still only plans dry-run playbooks', async () => {
    received.length = 0;
    const run = await runCli(
      [
        'replay',
        'test/events/guardduty/iam-malicious-ip-caller.json',
        '--json',
        '--execute',
        '--playbooks',
        'playbooks/disable-compromised-access-key.yml',
      ],
      {
        env: { AWS_REGION: 'us-east-1', PARRY_ACCOUNT_ID: '111122223333' },
      },
    );
    const doc = JSON.parse(run.out);
    expect(doc.events[0].playbooks[0]).toMatchObject({ mode: 'dry-run', status: 'planned' });
    expect(received).toHaveLength(0);
  });
});
