import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../src/playbook/index.js';

const playbook = (mode: string, match: string) =>
  `name: p\nmode: ${mode}\nmatch:\n${match}\nactions:\n  - type: notify\n`;

const REASON =
  'an enforce-mode playbook must pin match.source to AWS sources (aws.*): any principal the bus lets call PutEvents can send a custom event with any other source, and parry acts only on events AWS produced';

describe('validate: an enforce-mode playbook acts only on events AWS produced', () => {
  it.each([
    ['a custom source', '  source: [evil.app]', '4:12: match.source[0]'],
    [
      'a custom source beside an AWS one',
      '  source: [aws.guardduty, my.app]',
      '4:27: match.source[1]',
    ],
    ['no source at all', '  detail-type: [GuardDuty Finding]', '4:3: match'],
    ['anything-but', '  source: [{ anything-but: [evil.app] }]', '4:12: match.source[0]'],
    [
      'equals-ignore-case',
      '  source: [{ equals-ignore-case: aws.guardduty }]',
      '4:12: match.source[0]',
    ],
    ['a prefix that is not aws.', '  source: [{ prefix: aws }]', '4:12: match.source[0]'],
    ['exists', '  source: [{ exists: true }]', '4:12: match.source[0]'],
    [
      'an $or branch without a source',
      '  $or:\n    - source: [aws.guardduty]\n    - detail-type: [x]',
      '6:7: match.$or[1]',
    ],
  ])('refuses %s, naming the field and the reason', (_name, match, where) => {
    const { playbook: loaded, errors } = parsePlaybook(playbook('enforce', match), 'p.yml');
    expect(loaded).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining(`p.yml:${where}: `)]);
    expect(errors[0]?.message).toContain(REASON);
  });

  it.each([
    ['exact AWS sources', '  source: [aws.guardduty, aws.ec2]'],
    ['an aws. prefix', '  source: [{ prefix: aws.cloudtrail }]'],
    ['an aws. wildcard', '  source: [{ wildcard: "aws.*" }]'],
    ['every $or branch pinned', '  $or:\n    - source: [aws.guardduty]\n    - source: [aws.ec2]'],
  ])('accepts %s', (_name, match) => {
    expect(parsePlaybook(playbook('enforce', match), 'p.yml').errors).toEqual([]);
  });

  it('lets a dry-run playbook match custom events: it only plans', () => {
    expect(parsePlaybook(playbook('dry-run', '  source: [evil.app]'), 'p.yml').errors).toEqual([]);
  });
});
