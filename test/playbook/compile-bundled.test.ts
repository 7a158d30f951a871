import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEvent } from '../../src/engine/index.js';
import { type BundledPlaybook, toBundled } from '../../src/playbook/bundle.js';
import { BundledPlaybookError, compileBundled } from '../../src/playbook/compile-bundled.js';
import { loadPlaybooks, type Playbook, parsePlaybook } from '../../src/playbook/index.js';
import { bundlePlaybooks } from '../../src/stack/serverless-vars.js';
import { sampleEvent } from '../helpers/events.js';
import { TEST_NOW, testSettings } from '../helpers/execute.js';

// The Lambda runs the playbooks the build embedded as JSON (scripts/build-lambda.mjs);
// they must plan every event exactly as the playbooks validate loads from YAML.
const FOLDERS = ['playbooks', 'test/moto/playbooks', 'test/fixtures/playbooks/lambda'];

const EVENTS = ['guardduty', 'cloudtrail'].flatMap((source) =>
  readdirSync(`test/events/${source}`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${source}/${f}`),
);

/** Through JSON, as the build writes it into the bundle. */
const embedded = (playbooks: readonly BundledPlaybook[]): BundledPlaybook[] =>
  JSON.parse(JSON.stringify(playbooks)) as BundledPlaybook[];

const plansOf = async (playbooks: readonly Playbook[], file: string) =>
  runEvent(sampleEvent(file), file, playbooks, {
    settings: testSettings(),
    now: () => TEST_NOW,
  });

function onePlaybook(yaml: string): Playbook {
  const { playbook, errors } = parsePlaybook(yaml, 'p.yml');
  expect(errors).toEqual([]);
  if (!playbook) throw new Error('no playbook');
  return playbook;
}

describe('playbooks embedded in the Lambda as validated JSON', () => {
  it.each(FOLDERS)('plan every sample event as loaded from YAML: %s', async (folder) => {
    const built = await bundlePlaybooks(folder);
    expect(built.errors).toEqual([]);
    const loaded = built.playbooks.map((p) => p.name);
    const compiled = compileBundled(embedded(built.playbooks));
    expect(compiled.map((p) => p.name)).toEqual(loaded);
    const fromYaml = (await loadPlaybooks([folder])).playbooks;
    for (const file of EVENTS) {
      expect(await plansOf(compiled, file), file).toEqual(await plansOf(fromYaml, file));
    }
  });

  it('keep what the runtime reads of a playbook, and no tests', async () => {
    const { playbooks } = await bundlePlaybooks('playbooks');
    const [compiled] = compileBundled(embedded(playbooks));
    const [yaml] = (await loadPlaybooks(['playbooks'])).playbooks;
    const { match, unless, actions, tests: _tests, ...rest } = yaml as Playbook;
    expect(compiled).toMatchObject(rest);
    expect(compiled?.match.source).toEqual(match.source);
    expect(compiled?.unless.map((u) => u.source)).toEqual(unless.map((u) => u.source));
    expect(compiled?.actions.map(({ behaviour, params, check, ...a }) => a)).toEqual(
      actions.map(({ behaviour, params, check, ...a }) => a),
    );
    expect(compiled?.tests).toEqual([]);
  });

  it('check a templated param once rendered, with the same report as a playbook loaded from YAML', async () => {
    const yaml = onePlaybook(
      'name: p\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: notify\n    topic: "{{ detail.type }}"\n',
    );
    const compiled = compileBundled(embedded([toBundled(yaml)]));
    const file = 'guardduty/backdoor-ec2-c-and-c-activity.json';
    const fromJson = await plansOf(compiled, file);
    expect(fromJson.playbooks[0]?.actions[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('topic: '),
    });
    expect(fromJson).toEqual(await plansOf([yaml], file));
  });

  it('refuse an action type the Lambda does not know (a broken build)', () => {
    const broken: BundledPlaybook = {
      name: 'p',
      enabled: true,
      mode: 'dry-run',
      rerunOnSeverityIncrease: false,
      readOnlyEvents: false,
      file: 'playbooks/p.yml',
      position: { file: 'playbooks/p.yml', line: 1, col: 7 },
      match: { source: ['aws.guardduty'] },
      unless: [],
      actions: [
        { index: 0, type: 'reboot', onError: 'continue', source: {}, line: 4, checked: {} },
      ],
    };
    expect(() => compileBundled([broken])).toThrow(
      new BundledPlaybookError('playbooks/p.yml:4: unknown action type "reboot" (a broken build)'),
    );
  });
});
