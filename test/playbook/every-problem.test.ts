import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlaybook } from '../../src/engine/index.js';
import { loadPlaybooks, parsePlaybook } from '../../src/playbook/index.js';
import { readSettings } from '../../src/settings.js';
import { runCli } from '../helpers/cli.js';
import { fixturePath, sampleEvent } from '../helpers/events.js';

const problemsOf = (text: string) => parsePlaybook(text, 'p.yml').errors.map((e) => e.message);

describe('validate reports every problem of a file', () => {
  it('reports all thirteen problems of one file, each at its line, in reading order', () => {
    const file = fixturePath('playbooks/invalid/many-problems.yml');
    const lines = parsePlaybook(readFileSync(file, 'utf8'), 'many.yml').errors.map((e) =>
      e.message.replace('many.yml:', ''),
    );
    expect(lines).toEqual([
      '2:10: enabled: expected a boolean (true or false), got the string "yes"',
      '3:1: mdoe: unknown key "mdoe"; did you mean "mode"?',
      '4:1: desciption: unknown key "desciption"; did you mean "description"?',
      '8:28: match.detail.severity[0].numeric[0]: invalid event pattern: Unrecognized numeric range operator: >>',
      '9:21: match.detail.type[0].prefx: invalid event pattern: Unrecognized match type prefx',
      '13:33: match.detail.service.action.remoteIpDetails.ipAddressV4[0].cidr: invalid event pattern: IPv4 mask bits must be < 32',
      '15:27: match.detail.$or[0].region[0].suffx: invalid event pattern: Unrecognized match type suffx',
      '18:21: unless[0].detail.type: invalid event pattern: "type" must be an object or an array',
      '21:5: actions[0].stpo: unknown key "stpo"; did you mean "stop"?',
      '22:15: actions[0].snapshot: expected a boolean (true or false), got the string "maybe"',
      '23:11: actions[1].type: unknown action type "notfiy" (did you mean "notify"?)',
      '25:14: actions[2].subject: bad template: unclosed "{{" at character 9',
      '26:14: actions[2].message: bad template: empty template {{ }}',
    ]);
  });

  it('names the duplicate key', () => {
    expect(
      problemsOf(
        'name: a\nmode: dry-run\nmode: enforce\nmatch: {source: [aws.x]}\nactions: [{type: notify}]\n',
      ),
    ).toEqual(['p.yml:3:1: YAML: duplicate key "mode"']);
  });

  it('says a file holds two documents without the library advice', () => {
    const [line] = problemsOf(
      'name: a\nmatch: {source: [x]}\nactions: [{type: notify}]\n---\nname: b\n',
    );
    expect(line).toBe(
      'p.yml:4:1: YAML: more than one YAML document (a second one starts here after ---): one per file',
    );
  });

  it.each([
    ['flow map', '{"name": notif\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['tab indentation', 'name: a\nmatch:\n\tsource: [x]\n'],
    ['unknown alias', 'name: *nope\n'],
    ['unclosed quote', 'name: "a\n'],
    [
      'JSON-looking text',
      '{"name": "a", "match": {"source": ["x"]}, "actions": [{"type": "notify"]}\n',
    ],
  ])('never passes on library advice or V8 text (%s)', (_, text) => {
    const lines = problemsOf(text);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toMatch(
        /please|YAML\.\w+\(|is not valid JSON|Unexpected token|at line \d+, column/,
      );
    }
  });

  it('reports every bad value of one field list, keeping the index of each', () => {
    expect(
      problemsOf(
        'name: a\nmatch:\n  ip: ["1.2.3.4", {cidr: "x"}, "ok", {cidr: "10.0.0.0/40"}]\nactions: [{type: notify}]\n',
      ),
    ).toEqual([
      "p.yml:3:26: match.ip[1].cidr: invalid event pattern: Malformed CIDR, one '/' required",
      'p.yml:3:45: match.ip[3].cidr: invalid event pattern: IPv4 mask bits must be < 32',
    ]);
  });

  it('still reports a problem of the pattern as a whole when no part is wrong', () => {
    expect(
      problemsOf(
        'name: a\nmatch:\n  $or:\n    - prefix: [x]\n    - source: [y]\nactions: [{type: notify}]\n',
      ),
    ).toEqual([
      'p.yml:4:15: match.$or[0].prefix: invalid event pattern: prefix is Ruler reserved fieldName which cannot be used inside $or.',
    ]);
    expect(problemsOf('name: a\nmatch:\n  source: []\nactions: [{type: notify}]\n')).toEqual([
      'p.yml:3:11: match.source: invalid event pattern: Empty arrays are not allowed',
    ]);
  });

  it('says when a folder has no playbook in it, instead of "0 file(s) ok"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parry-empty-'));
    writeFileSync(join(dir, 'notes.txt'), 'not a playbook');
    writeFileSync(join(dir, 'x.test.yml'), 'tests: []\n');
    const { errors } = await loadPlaybooks([dir]);
    expect(errors.map((e) => e.message)).toEqual([
      `${dir}:1:1: no playbook (*.yml, *.yaml) in this folder`,
    ]);
    const run = await runCli(['validate', dir]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/1 problem$/m);
  });
});

describe('a template that renders to the wrong type', () => {
  it('fails the action for that event, saying what it expected and what it got', async () => {
    const text =
      'name: t\nmatch: {source: [aws.guardduty]}\nactions:\n  - type: quarantine-instance\n    stop: "{{ detail.flag }}"\n';
    const { playbook } = parsePlaybook(text, 't.yml');
    if (!playbook) throw new Error('the playbook should load: its template is typed once rendered');
    const event = {
      ...sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json'),
      detail: { flag: 'yes' },
    };
    const result = await runPlaybook(event, playbook, { settings: readSettings({}) });
    expect(result?.actions[0]).toMatchObject({
      status: 'failed',
      error:
        'stop: expected a boolean (true or false), got the string "yes" (rendered from "{{ detail.flag }}")',
    });
  });
});
