import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mismatches, project } from '../../src/playbook-tests/compare.js';
import { runCli } from '../helpers/cli.js';

const SUITE = 'test/fixtures/playbook-tests/suite';

describe('parry test', () => {
  it("runs the shipped playbooks' tests, all passing (npm test runs them here)", async () => {
    const run = await runCli(['test']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const summary = /^tests: (\d+) passed, 0 failed$/m.exec(run.out);
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(25);
    expect(run.out).not.toContain('no tests');
  });

  it('prints one line per case, a diff under each failure, a summary, and exits 1', async () => {
    const run = await runCli(['test', SUITE], { io: { columns: 200 } });
    expect(run.code).toBe(1);
    const marks = run.out.split('\n').filter((l) => /^ {2}[✓✗!] /.test(l));
    expect(marks.map((l) => l.slice(2, 3))).toEqual(['✓', '✗', '✓', '✓', '!', '!', '!', '✗']);
    expect(run.out).toContain(`✗ expects the wrong subject (fails)`);
    expect(run.out).toContain(
      'actions[0].params.subject: expected "High: Trojan", got "High: Backdoor:EC2/C&CActivity.B!DNS"',
    );
    expect(run.out).toMatch(
      /- +subject: "High: Trojan"\n\s+\+ +subject: "High: Backdoor:EC2\/C&CActivity\.B!DNS"/,
    );
    expect(run.out).toMatch(/high-severity\.yml:17/);
    expect(run.out).toMatch(/no-such-file\.json: cannot read: no such file or directory/);
    expect(run.out).toMatch(/log-file-mixed\.json holds 4 inputs; name one as .*#<index>/);
    expect(run.out).toMatch(/log-file-mixed\.json#0 is a read-only call/);
    expect(run.out).toContain(
      'actions[0].calls-include[1]: no call like {"operation":"Publish"} after call 2 of 1',
    );
    expect(run.out).toMatch(/^tests: 3 passed, 5 failed$/m);
  });

  it('writes JUnit XML with a failure per mismatch and an error per unusable case', async () => {
    const run = await runCli(['test', SUITE, '--reporter', 'junit']);
    expect(run.code).toBe(1);
    const xml = run.out;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain(
      '<testsuites name="parry playbook tests" tests="8" failures="2" errors="3" skipped="0">',
    );
    expect(xml).toContain('<testsuite name="high-severity" tests="8" failures="2" errors="3"');
    expect(xml).toMatch(
      /<testcase classname="high-severity" name="expects the wrong subject \(fails\)" file="[^"]+high-severity\.yml:17" time="[\d.]+">\s*<failure message="actions\[0\]\.params\.subject: expected &quot;High: Trojan&quot;/,
    );
    expect(xml).toMatch(/<error message="event [^"]+no-such-file\.json: cannot read/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(8);
  });

  it('writes the JUnit report to --output and the readable one to stdout', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parry-junit-')), 'report.xml');
    const run = await runCli(['test', '--reporter', 'junit', '--output', file]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^tests: \d+ passed, 0 failed$/m);
    expect(readFileSync(file, 'utf8')).toMatch(
      /<testsuites name="parry playbook tests" tests="\d+" failures="0" errors="0"/,
    );
  });

  it('says a test file without a playbook is an error, not skipped', async () => {
    const run = await runCli(['test', 'test/fixtures/playbook-tests/orphan']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /orphan\/lost\.test\.yml:1:1: tests for no lost\.yml beside it: no such playbook/,
    );
  });

  it('reports a misspelt key of a test file at its line', async () => {
    const run = await runCli(['test', 'test/fixtures/playbook-tests/bad']);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      'bad/typo.test.yml:4:5: tests[0].expcet: unknown key "expcet"; did you mean "expect"?',
    );
    expect(run.err).toContain('bad/typo.test.yml:2:5: tests[0].expect: required');
  });

  it('says when there are no tests at all', async () => {
    const run = await runCli(['test', 'test/fixtures/playbooks/valid']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('no tests found');
    expect(run.out).toContain('no tests: minimal');
  });
});

describe('partial matching of the outcome', () => {
  const actual = {
    matched: true,
    status: 'planned',
    actions: [
      {
        type: 'notify',
        params: { subject: 's', topic: 't' },
        calls: [{ operation: 'A' }, { operation: 'B' }, { operation: 'C' }],
      },
    ],
  };

  it.each([
    [{ status: 'planned' }, []],
    [{ actions: [{ type: 'notify' }] }, []],
    [{ actions: [{ params: { subject: 's' } }] }, []],
    [{ actions: [{ 'calls-include': [{ operation: 'A' }, { operation: 'C' }] }] }, []],
    [
      { actions: [{ 'calls-include': [{ operation: 'C' }, { operation: 'A' }] }] },
      ['actions[0].calls-include[1]'],
    ],
    [{ actions: [{ calls: [{ operation: 'A' }] }] }, ['actions[0].calls']],
    [{ actions: [] }, ['actions']],
    [{ reason: 'x' }, ['reason']],
    [{ matched: false }, ['matched']],
  ])('%j → mismatches at %j', (expected, paths) => {
    expect(mismatches(expected, actual).map((m) => m.path)).toEqual(paths);
  });

  it('keeps a __proto__ key of an expectation a plain key', () => {
    const expected = JSON.parse('{"actions": [{"params": {"__proto__": {"x": 1}}}]}');
    expect(mismatches(expected, actual).map((m) => m.path)).toEqual([
      'actions[0].params.__proto__',
    ]);
    const projected = project(expected, actual) as { actions: { params: object }[] };
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.keys(projected.actions[0]?.params ?? {})).toEqual([]);
  });

  it('projects the actual result onto the expectation for the diff', () => {
    expect(project({ status: 'x', actions: [{ type: 'y' }] }, actual)).toEqual({
      status: 'planned',
      actions: [{ type: 'notify' }],
    });
  });
});
