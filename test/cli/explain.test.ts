import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BACKDOOR = 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json';

/** `parry explain test/events/<event> --playbook <name>`. */
const explainOne = (event: string, playbook: string) =>
  runCli(['explain', `test/events/${event}`, '--playbook', playbook]);

describe('parry explain', () => {
  it('says why a console sign-in playbook with the wrong source does not match', async () => {
    const dir = 'test/fixtures/playbooks/explain';
    const run = await runCli([
      'explain',
      'test/events/cloudtrail/console-sign-in.json',
      '--playbooks',
      dir,
    ]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'console-sign-in-without-mfa (test/fixtures/playbooks/explain/console-sign-in.yml): does not match',
    );
    expect(run.out).toContain('✗ source ["aws.cloudtrail"]');
    expect(run.out).toContain('event: "aws.signin"');
    expect(run.out).toContain('closest: "aws.cloudtrail": "aws.signin" is not "aws.cloudtrail"');
    expect(run.out).toContain('✓ detail-type ["AWS Console Sign In via CloudTrail"]');
  });

  it('goes on past the match: unless, guards, mode and exempt tag, then the outcome', async () => {
    const run = await explainOne(
      'guardduty/backdoor-ec2-exempt-instance.json',
      'quarantine-compromised-instance',
    );
    expect(run.code).toBe(0);
    const out = run.out;
    expect(out).toMatch(
      /quarantine-compromised-instance \(playbooks\/quarantine-compromised-instance\.yml\): matches →\s+skipped: vetoed by unless\[0\]/,
    );
    expect(out).toContain('unless[0]: vetoes this event');
    expect(out).toContain('✓ detail.resource.instanceDetails.tags.key ["parry:exempt"]');
    expect(out).toContain('guards: none stops this event');
    expect(out).toContain('mode: dry-run');
    expect(out).toMatch(/exempt tag: parry:exempt: tagged: the actions will refuse it/);
  });

  it('names the guard that stops a sample finding', async () => {
    const run = await explainOne(
      'guardduty/sample-finding-backdoor-ec2.json',
      'notify-on-findings',
    );
    expect(run.out).toContain('guards: sample finding (service.additionalInfo.sample)');
    expect(run.out).toContain('skipped: sample finding');
  });

  it('says when PARRY_MODE forces dry-run', async () => {
    const run = await runCli(['explain', BACKDOOR, '--playbook', 'notify-on-findings'], {
      env: { PARRY_MODE: 'dry-run' },
    });
    expect(run.out).toContain('mode: dry-run (PARRY_MODE=dry-run forces dry-run)');
  });

  it('prints JSON whose verdicts are the matcher and engine verdicts', async () => {
    const run = await runCli(['explain', BACKDOOR, '--json']);
    const doc = JSON.parse(run.out) as {
      events: {
        playbooks: { name: string; match: { matches: boolean }; outcome?: { status: string } }[];
      }[];
    };
    const verdicts = doc.events[0]?.playbooks.map((p) => [
      p.name,
      p.match.matches,
      p.outcome?.status,
    ]);
    expect(verdicts).toEqual([
      ['disable-compromised-access-key', false, undefined],
      ['notify-cloudtrail-tampering', false, undefined],
      ['notify-on-findings', true, 'planned'],
      ['notify-open-security-group-ingress', false, undefined],
      ['quarantine-compromised-instance', true, 'planned'],
    ]);
  });

  it('refuses an unknown playbook name, suggesting the nearest', async () => {
    const run = await runCli(['explain', BACKDOOR, '--playbook', 'notify-on-finding']);
    expect(run).toMatchObject({
      code: 1,
      err: 'parry: --playbook notify-on-finding: no such playbook; did you mean notify-on-findings?\n',
    });
  });

  it('reports an unusable input and exits 1', async () => {
    const run = await runCli(['explain', 'nope.json']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/nope\.json\n\s+cannot read: no such file or directory/);
  });

  it('replay --explain adds the explanation after each event', async () => {
    const run = await runCli(['replay', 'test/events/cloudtrail/stop-logging.json', '--explain']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('notify-cloudtrail-tampering [enforce] planned');
    expect(run.out).toContain(
      'notify-cloudtrail-tampering (playbooks/notify-cloudtrail-tampering.yml): matches → planned',
    );
    expect(run.out).toContain(
      'notify-on-findings (playbooks/notify-on-findings.yml): does not match',
    );
  });

  it('replay --explain with --json is refused rather than ignored', async () => {
    const run = await runCli(['replay', BACKDOOR, '--explain', '--json']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('use parry explain --json');
  });
});
