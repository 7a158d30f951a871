import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allActions } from '../../src/actions/registry.js';
import { schemaText } from '../../src/cli/schema.js';
import { OPERATORS } from '../../src/match/operators.js';
import { parsePlaybook } from '../../src/playbook/index.js';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/events.js';

const committed = (file: string) => readFileSync(file, 'utf8');
const ajv = new Ajv({ allErrors: true, strict: false });
const validatePlaybook = ajv.compile(JSON.parse(committed('playbook.schema.json')));
const validateTests = ajv.compile(JSON.parse(committed('playbook-tests.schema.json')));

const shipped = readdirSync('playbooks').map((f) => `playbooks/${f}`);
const INVALID = fixturePath('playbooks/invalid');

/**
 * Invalid fixtures whose problem no JSON Schema can see; the loader still
 * rejects each of them (checked below).
 */
const BEYOND_SCHEMA: Readonly<Record<string, string>> = {
  'yaml-syntax.yml': 'not YAML at all: the editor reports the syntax',
  'duplicate-key.yml': 'YAML keeps the last key; a schema sees one',
  'alias-bomb.yml': 'refused while expanding aliases, before any schema',
  'bad-template.yml': 'an unclosed {{ is still a string',
  'bad-template-root.yml': 'the template path root is checked by the template compiler',
};

describe('the JSON Schema for editors', () => {
  it.each([
    ['playbook.schema.json', false],
    ['playbook-tests.schema.json', true],
  ])('%s is committed and up to date (regenerate: parry schema > it)', (file, tests) => {
    expect(committed(file)).toBe(schemaText(tests));
  });

  it('is what parry schema prints', async () => {
    expect((await runCli(['schema'])).out).toBe(committed('playbook.schema.json'));
    expect((await runCli(['schema', '--tests'])).out).toBe(committed('playbook-tests.schema.json'));
  });

  it('knows every action and every operator of the matcher', () => {
    const schema = JSON.parse(committed('playbook.schema.json'));
    const actionRefs = schema.properties.actions.items.anyOf.map((r: { $ref: string }) => r.$ref);
    expect(actionRefs).toEqual(allActions().map((a) => `#/definitions/action-${a.type}`));
    const operators = schema.definitions.values.items.anyOf
      .slice(1)
      .map((o: { required: string[] }) => o.required[0]);
    expect(operators).toEqual([...OPERATORS.keys()]);
  });

  it.each(shipped.filter((f) => !f.endsWith('.test.yml')))(
    'accepts the shipped playbook %s',
    (file) => {
      const text = committed(file);
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../playbook.schema.json');
      const ok = validatePlaybook(parse(text));
      expect(validatePlaybook.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it.each(shipped.filter((f) => f.endsWith('.test.yml')))(
    'accepts the shipped tests %s',
    (file) => {
      const text = committed(file);
      expect(text.split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../playbook-tests.schema.json',
      );
      expect(validateTests(parse(text))).toBe(true);
    },
  );

  it.each(readdirSync(INVALID))(
    'rejects the invalid fixture %s, or the loader alone can',
    (name) => {
      const text = readFileSync(`${INVALID}/${name}`, 'utf8');
      expect(parsePlaybook(text, name).errors.length).toBeGreaterThan(0);
      let data: unknown;
      try {
        data = parse(text);
      } catch {
        expect(BEYOND_SCHEMA[name]).toBeDefined();
        return;
      }
      // The list of what a schema cannot see stays exact: each of them does pass it.
      expect(validatePlaybook(data)).toBe(BEYOND_SCHEMA[name] !== undefined);
    },
  );

  it('lets a template stand for a param of any type', () => {
    const playbook = {
      name: 't',
      match: { source: ['aws.guardduty'] },
      actions: [
        {
          type: 'quarantine-instance',
          stop: '{{ detail.stop }}',
          'instance-id': '{{ detail.ids }}',
        },
      ],
    };
    expect(validatePlaybook(playbook)).toBe(true);
    expect(
      validatePlaybook({ ...playbook, actions: [{ type: 'quarantine-instance', stop: 'maybe' }] }),
    ).toBe(false);
  });

  it.each([
    [{ source: [{ prefx: 'aws.' }] }, false],
    [{ source: [{ prefix: 'aws.' }] }, true],
    [{ detail: { severity: [{ numeric: ['>=', 7] }] } }, true],
    [{ detail: { $or: [{ a: ['1'] }, { b: [{ exists: false }] }] } }, true],
    [{ detail: { $or: [{ a: ['1'] }] } }, false],
    [{ source: 'aws.guardduty' }, false],
    [{ detail: { ip: [{ cidr: '10.0.0.0/8' }, { 'anything-but': { prefix: '10.' } }] } }, true],
  ])('checks the operators of a pattern: %j → %s', (match, valid) => {
    expect(validatePlaybook({ name: 't', match, actions: [{ type: 'notify' }] })).toBe(valid);
  });
});
