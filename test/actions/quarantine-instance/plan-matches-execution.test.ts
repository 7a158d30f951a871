import { beforeEach, describe, expect, it } from 'vitest';
import { quarantineInstance } from '../../../src/actions/quarantine-instance/index.js';
import type { PlannedCall } from '../../../src/actions/types.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
import { firstQuarantine } from './scenario.js';
import { operations, resetMocks, runQuarantine } from './support.js';

const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

const planFor = (params: Record<string, unknown>) =>
  quarantineInstance.plan({
    event,
    params: quarantineInstance.params.parse(params),
    playbook: { name: 'test-playbook', mode: 'enforce' },
    settings: testSettings(),
    previous: [],
    now: TEST_NOW,
  });

const hasPlaceholder = (value: unknown): boolean => /"<[^"]*>"/.test(JSON.stringify(value));

describe('quarantine-instance plan and execution', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it.each([
    ['the default params', {}],
    ['stop: true', { stop: true }],
    ['no snapshot, no profile steps', { snapshot: false, 'detach-instance-profile': false, 'revoke-role-sessions': false }],
  ])('makes the planned calls in the planned order, with %s', async (_name, params) => {
    const plan = planFor(params);
    const { outcome, calls } = await runQuarantine(event, params);

    expect(outcome?.status).toBe('succeeded');
    expect(operations(calls)).toEqual(operations(plan.calls));
    // Where the plan knows the whole input, execution sends exactly it.
    plan.calls.forEach((planned: PlannedCall, index) => {
      if (!hasPlaceholder(planned.input)) expect(calls[index]?.input).toEqual(planned.input);
    });
  });
});
