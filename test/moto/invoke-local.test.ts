import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, expect, it } from 'vitest';
import { type Packaged, packageStack, runToEnd, withDist } from '../helpers/package.js';
import { clientConfig, motoEnv } from './support/aws.js';
import { SECURITY_ACCOUNT, TEST_KEYS } from './support/moto.js';
import { deployPackaged } from './support/organization.js';
import { describeMoto } from './support/suite.js';

let packaged: Packaged;

beforeAll(async () => {
  // No --stage: the default stage is dev, as Serverless users expect.
  packaged = await packageStack('dev', 'us-east-1');
}, 120_000);

/** What the rule of notify-on-findings delivers: the playbook's name and the finding. */
async function ruleInput(): Promise<string> {
  const event = JSON.parse(
    await readFile('test/events/guardduty/backdoor-ec2-c-and-c-activity.json', 'utf8'),
  );
  // A finding of the security account itself: the notification goes to its own topic.
  event.account = SECURITY_ACCOUNT;
  event.detail.accountId = SECURITY_ACCOUNT;
  const file = join(await mkdtemp(join(tmpdir(), 'parry-invoke-')), 'input.json');
  await writeFile(file, JSON.stringify({ playbook: 'notify-on-findings', event }));
  return file;
}

describeMoto('osls invoke local against a deployed stack', (server) => {
  it('runs the handler with the stack’s own table and topic, and records the run', async () => {
    const moto = server();
    await deployPackaged(moto, 'us-east-1', packaged, { keys: TEST_KEYS, stage: 'dev' });
    const input = await ruleInput();
    const run = await withDist(() =>
      runToEnd(
        'node',
        [
          'node_modules/osls/bin/serverless.js',
          'invoke',
          'local',
          '-f',
          'respond',
          '--region',
          'us-east-1',
          '-p',
          input,
        ],
        { env: motoEnv(moto, { POWERTOOLS_LOG_LEVEL: 'SILENT' }) },
      ),
    );
    expect(run.stderr).not.toContain('Unsupported environment variable format');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('"notify-on-findings"');

    // The run is in the stack's ledger table (the Ref osls resolved), its one action completed.
    const cfn = new CloudFormationClient(clientConfig(moto));
    // (moto answers DescribeStackResource with a 500; ListStackResources works.)
    const { StackResourceSummaries: resources = [] } = await cfn.send(
      new ListStackResourcesCommand({ StackName: 'parry-dev' }),
    );
    const table = resources.find((r) => r.LogicalResourceId === 'ParryRunsTable');
    const { Items: items = [] } = await new DynamoDBClient(clientConfig(moto)).send(
      new ScanCommand({ TableName: table?.PhysicalResourceId }),
    );
    const runs = items.filter((i) => i.pk?.S?.startsWith('run#notify-on-findings#'));
    expect(runs).toHaveLength(1);
    expect(runs[0]?.completed?.NS).toEqual(['0']);
  });
});
