import { describe, expect, it } from 'vitest';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { ruleResources } from '../../src/stack/rules.js';

describe('the rule state of a playbook', () => {
  it('is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS with read-only-events: true, else ENABLED', async () => {
    const { playbooks, errors } = await loadPlaybooks(['test/fixtures/backtest']);
    expect(errors).toEqual([]);
    const rules = ruleResources(playbooks, {
      service: 'parry',
      stage: 'test',
      eventBus: 'default',
    });
    expect(rules.RuleDetectBucketRecon?.Properties.State).toBe(
      'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    );
    expect(rules.RuleBucketReconWithoutReadOnly?.Properties.State).toBe('ENABLED');
  });
});
