import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CoverageReport, computeCoverage } from '../../src/coverage/compute.js';
import { shippedFindingTypes } from '../../src/coverage/finding-types.js';
import { levelsOf } from '../../src/coverage/severity.js';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { readSettings } from '../../src/settings.js';
import { runCli } from '../helpers/cli.js';

/** The copy of the AWS documentation's types beside the checkout (../shared), when present. */
const sharedFindingTypes = existsSync('../shared/guardduty-finding-types/finding-types.tsv');
if (!sharedFindingTypes) console.warn('skipped: ../shared/guardduty-finding-types not found');

let report: CoverageReport;
beforeAll(async () => {
  const { playbooks } = await loadPlaybooks(['playbooks']);
  report = await computeCoverage(shippedFindingTypes(), playbooks, readSettings({}));
});

const row = (resource: string, type: string) =>
  report.groups.find((g) => g.resource === resource)?.rows.find((r) => r.type === type);

describe('the finding types shipped', () => {
  it('are the 250 documented types, 229 active', () => {
    const types = shippedFindingTypes();
    expect(types).toHaveLength(250);
    expect(types.filter((t) => t.active)).toHaveLength(229);
  });

  it.each([
    ['High', ['High']],
    ['Low/Medium (by signal)', ['Low', 'Medium']],
    ['Medium (variable)', ['Low', 'Medium', 'High', 'Critical']],
    ['Varies depending on the detected threat', ['Low', 'Medium', 'High', 'Critical']],
    ['Variable (Low or High)', ['Low', 'High']],
    ['Critical', ['Critical']],
  ])('severity %s is tried at %j', (documented, levels) => {
    expect(levelsOf(documented)).toEqual(levels);
  });

  it.skipIf(!sharedFindingTypes)('match the shared copy, by the check script', () => {
    const out = execFileSync('node', ['data/guardduty-finding-types/check.mjs'], {
      encoding: 'utf8',
    });
    expect(out).toBe('up to date: 250 types\n');
  });

  it('are compared with a newer copy: added, removed and changed types, exit 1', () => {
    const lines = readFileSync('data/guardduty-finding-types/finding-types.tsv', 'utf8').split(
      '\n',
    );
    const newer = lines
      .filter((l) => !l.startsWith('Backdoor:EC2/Spambot\t'))
      .map((l) =>
        l.startsWith('Backdoor:EC2/C&CActivity.B\t') ? l.replace('\tHigh\t', '\tCritical\t') : l,
      );
    newer.splice(
      1,
      0,
      'Impact:EC2/NewThing\tInstance\tVPC flow logs\tHigh\tactive\thttps://docs.aws.amazon.com/x',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'parry-types-')), 'finding-types.tsv');
    writeFileSync(file, newer.join('\n'));
    const run = spawnSync('node', ['data/guardduty-finding-types/check.mjs', file], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'added    Impact:EC2/NewThing (Instance, High, active)',
      'changed  Backdoor:EC2/C&CActivity.B severity: High → Critical',
      'removed  Backdoor:EC2/Spambot',
    ]);
  });
});

describe('coverage of the shipped playbooks', () => {
  it('quarantines an instance reporting a C&C server, and notifies', () => {
    expect(row('Instance', 'Backdoor:EC2/C&CActivity.B!DNS')).toMatchObject({
      category: 'covered',
      levels: [{ level: 'High', category: 'covered', partly: false }],
      responders: [
        { playbook: 'notify-on-findings', actions: ['notify'] },
        {
          playbook: 'quarantine-compromised-instance',
          mode: 'dry-run',
          actions: ['quarantine-instance', 'notify'],
        },
      ],
    });
  });

  it('disables an IAM user key used from a malicious IP', () => {
    expect(
      row('AccessKey', 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom')?.responders.map(
        (r) => r.playbook,
      ),
    ).toContain('disable-compromised-access-key');
  });

  it('only notifies a medium-severity finding, and says nothing of a low one', () => {
    expect(row('Instance', 'Trojan:EC2/BlackholeTraffic!DNS')?.category).toBe('notify-only');
    expect(row('Instance', 'Impact:EC2/SuspiciousDomainRequest.Reputation')?.category).toBe(
      'uncovered',
    );
  });

  it('tries a variable severity at every level, and says where the answer changes', () => {
    const variable = report.groups
      .flatMap((g) => g.rows)
      .find((r) => r.levels.length === 4 && r.category === 'notify-only');
    expect(variable?.levels.map((l) => [l.level, l.category])).toEqual([
      ['Low', 'uncovered'],
      ['Medium', 'notify-only'],
      ['High', 'notify-only'],
      ['Critical', 'notify-only'],
    ]);
  });

  it('counts a type under each resource type it names, and adds up', () => {
    const runtime = report.groups.filter((g) =>
      g.rows.some((r) => r.type === 'Execution:Runtime/NewBinaryExecuted'),
    );
    expect(runtime.map((g) => g.resource).sort()).toEqual([
      'Container',
      'ECSCluster',
      'EKSCluster',
      'Instance',
    ]);
    const sum = report.groups.reduce((n, g) => n + g.totals.rows, 0);
    expect(report.totals.rows).toBe(sum);
    expect(report.totals.covered + report.totals.notifyOnly + report.totals.uncovered).toBe(sum);
    expect(report.retired).toBe(21);
  });

  it.each([
    ['StopLogging', 'notify-only', ['notify-cloudtrail-tampering']],
    [
      'AuthorizeSecurityGroupIngress (0.0.0.0/0)',
      'notify-only',
      ['notify-open-security-group-ingress'],
    ],
    ['AuthorizeSecurityGroupIngress (::/0)', 'notify-only', ['notify-open-security-group-ingress']],
    ['PutBucketPublicAccessBlock (off)', 'uncovered', []],
    ['ConsoleLogin (root, no MFA)', 'uncovered', []],
  ])('answers the CloudTrail call %s: %s', (label, category, playbooks) => {
    const call = report.calls.find((c) => c.label === label);
    expect(call?.category).toBe(category);
    expect(call?.responders.map((r) => r.playbook)).toEqual(playbooks);
  });

  it('sees a remediation playbook cover the calls it answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parry-coverage-pb-'));
    writeFileSync(
      join(dir, 'revert-public-access-block.yml'),
      'name: revert-public-access-block\nmatch:\n  source: [aws.s3]\n  detail:\n    eventName: [PutBucketPublicAccessBlock, DeleteBucketPublicAccessBlock]\nactions:\n  - type: block-s3-public-access\n',
    );
    const { playbooks } = await loadPlaybooks([dir]);
    const custom = await computeCoverage(shippedFindingTypes(), playbooks, readSettings({}));
    const answered = custom.calls.filter((c) => c.category === 'covered').map((c) => c.label);
    expect(answered).toEqual(['PutBucketPublicAccessBlock (off)', 'DeleteBucketPublicAccessBlock']);
  });
});

describe('parry coverage in a terminal', () => {
  it('prints a summary table, a table per resource type with its totals, and the CloudTrail calls', async () => {
    const run = await runCli(['coverage'], { io: { columns: 120 } });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/│ Total +│ 376 +│ 30 \(8%\) +│ 313 \(83%\) +│ 33 \(9%\) +│/);
    expect(run.out).toContain('Instance: 88 types, 19 covered, 64 notify only, 5 uncovered');
    expect(run.out).toContain('AccessKey: 36 types, 11 covered, 15 notify only, 10 uncovered');
    expect(run.out).toMatch(
      /│ StopLogging +│ notify only +│ stops the audit trail\. notify-cloudtrail-tampering: notify/,
    );
    expect(run.out).toMatch(/^27 calls: 0 covered, 4 notify only, 23 uncovered$/m);
  });

  it.each([100, 140])('fits %i columns without cutting a word', async (columns) => {
    const run = await runCli(['coverage'], { io: { columns } });
    expect(run.out.split('\n').filter((l) => [...l].length > columns)).toEqual([]);
    expect(run.out).not.toContain('…');
  });

  it('prints the report as JSON', async () => {
    const run = await runCli(['coverage', '--json']);
    expect(JSON.parse(run.out).totals).toEqual(report.totals);
  });
});
