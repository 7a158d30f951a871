import { describe, expect, it } from 'vitest';
import { allBehaviours, getBehaviour, loadParamsSchema } from '../../src/actions/behaviours.js';
import { allActions } from '../../src/actions/registry.js';
import type { AwsService } from '../../src/actions/types.js';

/** The IAM service prefix of each SDK client's calls. */
const IAM_PREFIX: Record<AwsService, string> = {
  EC2: 'ec2',
  IAM: 'iam',
  SNS: 'sns',
  EventBridge: 'events',
  STS: 'sts',
  CloudTrail: 'cloudtrail',
  S3: 's3',
  S3Control: 's3',
  AutoScaling: 'autoscaling',
};

// The Lambda runs actions from behaviours.ts (no schemas); the CLI and the build from registry.ts.
describe.each(allActions().map((a) => [a.type, a] as const))('%s', (type, definition) => {
  it('runs the same plan and execution in the Lambda as its definition', () => {
    const behaviour = getBehaviour(type);
    expect(behaviour?.plan).toBe(definition.plan);
    expect(behaviour?.execute).toBe(definition.execute);
    expect(behaviour?.services).toBe(definition.services);
  });

  it('names the SDK clients its permissions call, so the head start loads them', () => {
    const prefixes = new Set(definition.permissions.map((p) => p.split(':')[0]));
    expect(new Set(definition.services.map((s) => IAM_PREFIX[s]))).toEqual(prefixes);
  });

  it('loads its own params schema for templated params', async () => {
    expect(await loadParamsSchema(type)).toBe(definition.params);
  });
});

describe('the Lambda registry', () => {
  it('knows every action, and nothing else', async () => {
    expect(allBehaviours().map((b) => b.type)).toEqual(allActions().map((a) => a.type));
    await expect(loadParamsSchema('reboot')).rejects.toThrow(
      'no params schema for action "reboot"',
    );
  });
});
