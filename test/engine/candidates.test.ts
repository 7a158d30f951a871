import { describe, expect, it } from 'vitest';
import { deliveredTo, verdictOf, verdictsOf } from '../../src/engine/candidates.js';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { readInputs } from '../../src/intake/index.js';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { corpusAvailable } from '../match/corpus.js';

async function events(paths: string[]): Promise<EventBridgeEvent[]> {
  const out: EventBridgeEvent[] = [];
  for await (const item of readInputs(paths, { readOnly: true }))
    if (item.kind === 'event') out.push(item.event);
  return out;
}

describe('the playbooks of an event, through the combined machine', () => {
  it('are the verdicts of each playbook alone, match and unless, on every sample and corpus event', async () => {
    const { playbooks, errors } = await loadPlaybooks(['playbooks', 'test/fixtures/backtest']);
    expect(errors).toEqual([]);
    const paths = [
      'test/events',
      ...(corpusAvailable ? ['../shared/corpus/guardduty', '../shared/corpus/cloudtrail'] : []),
    ];
    let matched = 0;
    for (const event of await events(paths)) {
      const combined = verdictsOf(playbooks, event);
      expect(combined).toEqual(playbooks.map((p) => verdictOf(p, event)));
      matched += combined.filter((v) => v.matched).length;
    }
    expect(matched).toBeGreaterThan(20);
  });

  it('deliver a read-only management event only to a playbook that opts in', () => {
    const event = {
      'detail-type': 'AWS API Call via CloudTrail',
      detail: {
        eventName: 'ListBuckets',
        eventType: 'AwsApiCall',
        readOnly: true,
        managementEvent: true,
      },
    } as unknown as EventBridgeEvent;
    expect(deliveredTo({ readOnlyEvents: true }, event)).toBe(true);
    expect(deliveredTo({ readOnlyEvents: false }, event)).toBe(false);
    const write = {
      ...event,
      detail: { ...event.detail, eventName: 'DeleteBucket', readOnly: false },
    };
    expect(deliveredTo({ readOnlyEvents: false }, write as EventBridgeEvent)).toBe(true);
    // Data events reach ENABLED rules even when read-only (S3 GetObject).
    const data = {
      ...event,
      detail: { ...event.detail, eventCategory: 'Data', managementEvent: false },
    };
    expect(deliveredTo({ readOnlyEvents: false }, data as EventBridgeEvent)).toBe(true);
  });
});
