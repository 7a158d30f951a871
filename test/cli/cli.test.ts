import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/events.js';

interface ReplayDoc {
  events: {
    source: string;
    id?: string;
    detailType?: string;
    error?: string;
    playbooks: {
      name: string;
      mode: string;
      status: string;
      reason?: string;
      actions: { type: string; calls: { service: string; operation: string }[] }[];
    }[];
  }[];
  summary: Record<string, number>;
}

describe('parry CLI', () => {
  it.each([
    [['--help'], 0],
    [['replay', '--help'], 0],
    [['validate', '--help'], 0],
    [['test-pattern', '--help'], 0],
    [['frobnicate'], 2],
    [['replay'], 2],
    [['replay', 'x', '--jsn'], 2],
    [['test-pattern', '--pattern', '{}'], 2],
  ])('exits %j with %i', async (args, code) => {
    expect((await runCli(args)).code).toBe(code);
  });

  it('validates the shipped playbooks', async () => {
    const run = await runCli(['validate']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/5 valid playbook\(s\) \(5 enabled\): ok/);
  });

  it('names each hidden draft it skipped, on stderr, and still validates the rest', async () => {
    const folder = fixturePath('playbooks/hidden');
    const run = await runCli(['validate', folder]);
    expect(run.code).toBe(0);
    expect(run.out).toBe('1 file(s), 1 valid playbook(s) (1 enabled): ok\n');
    expect(run.err).toBe(
      `validate: skipped hidden ${folder}/.draft.yml\nvalidate: skipped hidden ${folder}/.drafts\n`,
    );
  });

  it('says so too when replay and backtest load a folder with hidden drafts', async () => {
    const folder = fixturePath('playbooks/hidden');
    for (const command of ['replay', 'backtest']) {
      const run = await runCli([command, 'test/events/cloudtrail', '--playbooks', folder]);
      expect(run.code, run.err).toBe(0);
      expect(run.err).toContain(`${command}: skipped hidden ${folder}/.draft.yml\n`);
    }
  });

  it('prints file:line:col for an invalid playbook and exits 1, without a stack trace', async () => {
    const file = fixturePath('playbooks/invalid/bad-mode.yml');
    const run = await runCli(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `${file}:2:7: mode: expected one of "dry-run", "enforce", got the string "enforced"; did you mean "enforce"?\n`,
    );
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  it('replays the sample events as one JSON document', async () => {
    const run = await runCli(['replay', 'test/events', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out) as ReplayDoc;
    expect(doc.events.length).toBeGreaterThanOrEqual(20);
    expect(doc.summary.skippedReadOnly).toBe(1);
    const backdoor = doc.events.find(
      (e) => e.source === 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json',
    );
    expect(backdoor).toMatchObject({ detailType: 'GuardDuty Finding', id: expect.any(String) });
    const quarantine = backdoor?.playbooks.find(
      (p) => p.name === 'quarantine-compromised-instance',
    );
    expect(quarantine).toMatchObject({ mode: 'dry-run', status: 'planned' });
    expect(quarantine?.actions[0]?.calls[0]).toMatchObject({
      service: 'EC2',
      operation: 'DescribeInstances',
    });
    expect(doc.events.map((e) => e.source)).toContain(
      'test/events/cloudtrail/log-file-mixed.json#1',
    );
  });

  it('prints a readable summary per event', async () => {
    const run = await runCli(['replay', 'test/events/guardduty/backdoor-ec2-exempt-instance.json']);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'quarantine-compromised-instance [dry-run] skipped: vetoed by unless[0]',
    );
    expect(run.out).toMatch(/1 event\(s\): 1 matched a playbook/);
  });

  it('reports an unusable input, still processes the others, and exits 1', async () => {
    const run = await runCli([
      'replay',
      'nope.json',
      'test/events/cloudtrail/stop-logging.json',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as ReplayDoc;
    expect(doc.events.map((e) => [e.source, e.error === undefined])).toEqual([
      ['nope.json', false],
      ['test/events/cloudtrail/stop-logging.json', true],
    ]);
    expect(doc.events[0]?.error).toMatch(/nope\.json|no such file/);
  });

  it('reads events from stdin with -', async () => {
    const event = JSON.stringify({
      version: '0',
      id: 'stdin-1',
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '111122223333',
      time: '2026-11-22T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        severity: 5,
        type: 'Recon:EC2/PortProbeUnprotectedPort',
        accountId: '111122223333',
        region: 'us-east-1',
      },
    });
    const run = await runCli(['replay', '-', '--json'], { stdin: event });
    const doc = JSON.parse(run.out) as ReplayDoc;
    expect(doc.events[0]?.playbooks.map((p) => p.name)).toEqual(['notify-on-findings']);
  });

  it('refuses to replay with broken playbooks', async () => {
    const run = await runCli([
      'replay',
      'test/events',
      '--playbooks',
      fixturePath('playbooks/invalid/bad-mode.yml'),
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('fix the playbooks first');
  });

  describe('test-pattern', () => {
    const event = JSON.stringify({
      version: '0',
      id: '1',
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '111122223333',
      time: '2026-11-22T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { severity: 8 },
    });

    it.each([
      ['{"detail":{"severity":[{"numeric":[">=",7]}]}}', 'true\n'],
      ['{"detail":{"severity":[{"numeric":["<",7]}]}}', 'false\n'],
    ])('prints the match result of %s', async (pattern, out) => {
      expect(await runCli(['test-pattern', '--pattern', pattern, '--event', event])).toEqual({
        code: 0,
        out,
        err: '',
      });
    });

    it('reads the pattern and event from files', async () => {
      const run = await runCli([
        'test-pattern',
        '--pattern',
        fixturePath('patterns/high-severity.json'),
        '--event',
        'test/events/guardduty/backdoor-ec2-c-and-c-activity.json',
      ]);
      expect(run).toEqual({ code: 0, out: 'true\n', err: '' });
    });

    it('explains an invalid pattern the way AWS does', async () => {
      const run = await runCli([
        'test-pattern',
        '--pattern',
        '{"detail":{"type":[{"prefx":"A"}]}}',
        '--event',
        event,
      ]);
      expect(run.code).toBe(1);
      expect(run.err).toBe('Event pattern is not valid. Reason: Unrecognized match type prefx\n');
    });

    it('rejects an event that is not an EventBridge event', async () => {
      const run = await runCli([
        'test-pattern',
        '--pattern',
        '{"source":["x"]}',
        '--event',
        '{"detail":{}}',
      ]);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/Parameter Event is not valid.*id/);
    });
  });
});
