import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlaybooks, parsePlaybook } from '../../src/playbook/index.js';
import { fixturePath } from '../helpers/events.js';

const invalid = (name: string) => fixturePath(`playbooks/invalid/${name}`);

describe('playbook validation', () => {
  it.each([
    [
      'yaml-syntax.yml',
      '4:1',
      'YAML: flow sequence in block collection must be sufficiently indented',
    ],
    ['duplicate-key.yml', '4:3', 'YAML: duplicate key "source"'],
    ['unknown-key.yml', '4:1', 'actoins: unknown key "actoins"'],
    ['wrong-type.yml', '2:10', 'enabled: expected a boolean (true or false), got the string "yes"'],
    [
      'bad-mode.yml',
      '2:7',
      'mode: expected one of "dry-run", "enforce", got the string "enforced"; did you mean "enforce"?',
    ],
    ['bad-name.yml', '1:7', 'name: must be kebab-case'],
    ['no-actions.yml', '4:10', 'actions: needs at least 1 item, has 0'],
    ['missing-match.yml', '1:1', 'match: required'],
    ['not-a-mapping.yml', '1:1', 'a playbook must be a YAML mapping'],
    ['unknown-action.yml', '6:11', 'actions[1].type: unknown action type "reboot-instance"'],
    [
      'bad-param.yml',
      '6:11',
      'actions[0].stop: expected a boolean (true or false), got the string',
    ],
    ['unknown-param.yml', '6:5', 'actions[0].stpo: unknown key "stpo"; did you mean "stop"?'],
    ['bad-on-error.yml', '6:15', 'actions[0].on-error: expected one of "continue", "stop"'],
    ['bad-pattern.yml', '5:28', 'invalid event pattern: Unrecognized numeric range operator: >>'],
    ['bad-operator.yml', '4:21', 'invalid event pattern: Unrecognized match type prefx'],
    ['bad-unless.yml', '5:21', 'unless[0].detail.type: invalid event pattern'],
    ['bad-template.yml', '6:14', 'actions[0].subject: bad template: unclosed "{{"'],
    ['bad-template-root.yml', '6:14', 'bad template: path "detial.type" must start with one of'],
    ['alias-bomb.yml', '1:1', 'YAML: aliases expand too much (more than 100 references)'],
  ])('rejects %s at line:col %s with a clear message', (file, position, message) => {
    const path = invalid(file);
    const { playbook, errors } = parsePlaybook(readFileSync(path, 'utf8'), path);
    expect(playbook).toBeUndefined();
    const lines = errors.map((e) => e.message);
    expect(lines).toEqual(
      expect.arrayContaining([expect.stringContaining(`${path}:${position}: `)]),
    );
    expect(lines.join('\n')).toContain(message);
  });

  it('reports every problem of a file at once', () => {
    const text =
      'name: Bad_Name\nmode: loud\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: nope\n';
    const { errors } = parsePlaybook(text, 'many.yml');
    expect(errors.map((e) => `${e.position.line}:${e.field}`)).toEqual([
      '1:name',
      '2:mode',
      '6:actions[0].type',
    ]);
  });

  it('defaults to dry-run, enabled and continue-on-error', () => {
    const path = fixturePath('playbooks/valid/minimal.yml');
    const { playbook, errors } = parsePlaybook(readFileSync(path, 'utf8'), path);
    expect(errors).toEqual([]);
    expect(playbook).toMatchObject({
      name: 'minimal',
      mode: 'dry-run',
      enabled: true,
      rerunOnSeverityIncrease: false,
    });
    expect(playbook?.actions[0]).toMatchObject({ type: 'notify', onError: 'continue' });
  });

  it('accepts a templated param whose type is only known once rendered', () => {
    const text =
      'name: t\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: quarantine-instance\n    instance-id: "{{ detail.resource.instanceDetails.instanceId }}"\n';
    expect(parsePlaybook(text, 't.yml').errors).toEqual([]);
  });

  it('rejects duplicate playbook names across files, pointing at the second', async () => {
    const dir = fixturePath('playbooks/duplicates');
    const { playbooks, errors } = await loadPlaybooks([dir]);
    expect(playbooks.map((p) => p.name)).toEqual(['same-name']);
    expect(errors.map((e) => e.message)).toEqual([
      `${dir}/b.yml:1:7: name: duplicate playbook name "same-name" (first in ${dir}/a.yml)`,
    ]);
  });

  it('names a missing path instead of failing', async () => {
    const { errors } = await loadPlaybooks(['does/not/exist']);
    expect(errors.map((e) => e.message)).toEqual(['does/not/exist:1:1: no such file or folder']);
  });

  it('keeps a YAML __proto__ key as an ordinary field of the pattern', () => {
    const text =
      'name: proto\nmatch:\n  detail:\n    __proto__: { polluted: [yes] }\nactions:\n  - type: notify\n';
    const { playbook } = parsePlaybook(text, 'proto.yml');
    const withKey = JSON.parse('{"detail":{"__proto__":{"polluted":"yes"}}}');
    expect(playbook?.match.matches(withKey)).toBe(true);
    expect(playbook?.match.matches({ detail: { other: 1 } })).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validates every shipped playbook', async () => {
    const { playbooks, errors } = await loadPlaybooks(['playbooks']);
    expect(errors).toEqual([]);
    expect(playbooks.length).toBeGreaterThanOrEqual(5);
  });
});
