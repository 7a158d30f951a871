import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../helpers/events.js';
import { firstQuarantine, WEB } from './scenario.js';
import { awsError, callsOf, ec2, resetMocks, runQuarantine } from './support.js';

const finding = () => sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

beforeEach(() => {
  resetMocks();
  firstQuarantine();
});

describe('quarantine-instance and EC2 eventual consistency', () => {
  it('retries a swap while the new group is not visible yet, and reports the early attempt as tolerated', async () => {
    ec2
      .on(ModifyNetworkInterfaceAttributeCommand)
      .rejectsOnce(awsError('InvalidGroup.NotFound'))
      .resolves({});
    const { outcome, calls } = await runQuarantine(finding());
    expect(outcome?.status).toBe('succeeded');
    const swaps = callsOf(calls, 'ModifyNetworkInterfaceAttribute');
    expect(swaps).toHaveLength(5);
    expect(swaps.filter((c) => c.status === 'tolerated')).toEqual([
      expect.objectContaining({
        code: 'InvalidGroup.NotFound',
        error: expect.stringMatching(
          /\(tolerated: the group is not visible yet \(EC2 eventual consistency\): retried after 200 ms\)$/,
        ),
      }),
    ]);
    expect(
      swaps
        .filter((c) => c.status === 'ok')
        .map((c) => c.input.NetworkInterfaceId)
        .sort(),
    ).toEqual([WEB.primaryEni, WEB.primaryEni, WEB.secondEni, WEB.secondEni].sort());
  });

  it('gives up after a few short waits when the group really is gone, and fails loudly', async () => {
    ec2.on(ModifyNetworkInterfaceAttributeCommand).rejects(awsError('InvalidGroup.NotFound'));
    const { outcome, calls } = await runQuarantine(finding());
    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason ?? outcome?.error).toMatch(/NOT isolated|containment/);
    const swaps = callsOf(calls, 'ModifyNetworkInterfaceAttribute');
    const failed = swaps.filter((c) => c.status === 'failed').length;
    // Every swap tried 4 times: 3 early attempts tolerated, the last one failed.
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(swaps.filter((c) => c.status === 'tolerated')).toHaveLength(failed * 3);
    expect(swaps).toHaveLength(failed * 4);
  });
});
