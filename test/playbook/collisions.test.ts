import { describe, expect, it } from 'vitest';
import { listPlaybookFiles, loadPlaybooks } from '../../src/playbook/index.js';
import { ruleLogicalId, ruleName } from '../../src/stack/names.js';
import { ruleResources } from '../../src/stack/rules.js';
import { bundlePlaybooks } from '../../src/stack/serverless-vars.js';
import { fixturePath } from '../helpers/events.js';

const dir = (name: string) => fixturePath(`playbooks/${name}`);

describe('names that must be unique across playbooks', () => {
  it('rejects two playbooks whose rules would share a logical id (x-1a and x1a)', async () => {
    const { playbooks, errors } = await loadPlaybooks([dir('logical-ids')]);
    expect(ruleLogicalId('x-1a')).toBe(ruleLogicalId('x1a'));
    expect(playbooks.map((p) => p.name)).toEqual(['x-1a']);
    expect(errors.map((e) => e.message)).toEqual([
      `${dir('logical-ids')}/x1a.yml:1:7: name: duplicate rule logical id "RuleX1a" as "x-1a" (first in ${dir('logical-ids')}/x-1a.yml): rename one (the stack would keep only one rule)`,
    ]);
  });

  it('rejects long names whose rule names are the same once cut at 64 characters', async () => {
    const { playbooks, errors } = await loadPlaybooks([dir('rule-names')]);
    expect(playbooks).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(
      /b\.yml:1:7: name: duplicate rule name \(stage dev\) "parry-dev-notify-.{47}" as "notify-.*-one" .*: rename one \(rule names are cut at 64 characters\)$/,
    );
  });

  it('checks rule names for the stage being packaged: a longer stage cuts more', async () => {
    const names = [
      'notify-high-severity-findings-of-account-in-eu-1',
      'notify-high-severity-findings-of-account-in-eu-2',
    ];
    const long = { service: 'parry', stage: 'production-eu' };
    expect(ruleName(long, names[0] as string)).toBe(ruleName(long, names[1] as string));
    expect(ruleName({ service: 'parry', stage: 'dev' }, names[0] as string)).not.toBe(
      ruleName({ service: 'parry', stage: 'dev' }, names[1] as string),
    );
  });

  it('gives every enabled playbook its own rule and permission in the stack', async () => {
    const { playbooks } = await loadPlaybooks(['playbooks']);
    const resources = ruleResources(playbooks, {
      service: 'parry',
      stage: 'dev',
      eventBus: 'default',
    });
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    const enabled = playbooks.filter((p) => p.enabled);
    expect(rules).toHaveLength(enabled.length);
    expect(new Set(rules.map((r) => r.Properties.Name)).size).toBe(enabled.length);
  });

  it('refuses to bundle two playbooks of one name, as validate does', async () => {
    const bundled = await bundlePlaybooks(dir('duplicates'));
    expect(bundled.playbooks).toHaveLength(1);
    expect(bundled.errors.map((e) => e.message)).toEqual(
      (await loadPlaybooks([dir('duplicates')])).errors.map((e) => e.message),
    );
    expect(bundled.errors).not.toEqual([]);
  });
});

describe('one list of playbook files', () => {
  it('skips dotfiles and dot-folders, and lists them as skipped', async () => {
    const listing = await listPlaybookFiles([dir('hidden')]);
    expect(listing.files).toEqual([`${dir('hidden')}/good.yml`]);
    expect(listing.skipped).toEqual([`${dir('hidden')}/.draft.yml`, `${dir('hidden')}/.drafts`]);
  });

  it('loads exactly the listed files, and keeps their text for the bundle', async () => {
    const { playbooks, errors, sources } = await loadPlaybooks([dir('hidden')]);
    expect(errors).toEqual([]);
    expect(playbooks.map((p) => p.name)).toEqual(['good']);
    expect(sources.map((s) => s.file)).toEqual([`${dir('hidden')}/good.yml`]);
  });
});
