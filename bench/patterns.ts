// Realistic pattern sets of any size, built here (nothing to download): GuardDuty finding-type
// lists and prefixes with severity bands, CloudTrail eventSource/eventName lists with
// userIdentity conditions, console sign-ins, and $or. Names come from the events the set is
// measured on (and from GuardDuty's finding-type list), so a share of them match.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventBridgeEvent } from '../src/event/envelope.js';
import { ROOT } from './data.js';

/** A small deterministic generator (mulberry32), so every run measures the same sets. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FINDING_TYPES_FILE = resolve(ROOT, '../shared/guardduty-finding-types/finding-types.tsv');

/** GuardDuty's finding types (the shared list), or a few well-known ones without it. */
function findingTypes(): string[] {
  if (!existsSync(FINDING_TYPES_FILE)) {
    return [
      'Backdoor:EC2/C&CActivity.B',
      'CryptoCurrency:EC2/BitcoinTool.B',
      'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
      'Recon:EC2/PortProbeUnprotectedPort',
    ];
  }
  return readFileSync(FINDING_TYPES_FILE, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0] ?? '')
    .filter((t) => t.includes(':'));
}

interface Vocabulary {
  types: string[];
  /** eventSource → event names seen with it. */
  calls: Map<string, string[]>;
  identityTypes: string[];
  accounts: string[];
}

function vocabularyOf(events: readonly EventBridgeEvent[]): Vocabulary {
  const types = new Set(findingTypes());
  const calls = new Map<string, Set<string>>();
  const identityTypes = new Set<string>(['Root', 'IAMUser', 'AssumedRole']);
  const accounts = new Set<string>();
  for (const e of events) {
    const d = e.detail as Record<string, unknown>;
    if (typeof e.account === 'string') accounts.add(e.account);
    if (e.source === 'aws.guardduty' && typeof d.type === 'string') types.add(d.type);
    if (typeof d.eventSource === 'string' && typeof d.eventName === 'string') {
      const names = calls.get(d.eventSource) ?? new Set();
      names.add(d.eventName);
      calls.set(d.eventSource, names);
    }
    const identity = d.userIdentity as Record<string, unknown> | undefined;
    if (typeof identity?.type === 'string') identityTypes.add(identity.type);
  }
  return {
    types: [...types].sort(),
    calls: new Map([...calls].sort().map(([s, n]) => [s, [...n].sort()])),
    identityTypes: [...identityTypes].sort(),
    accounts: [...accounts].sort(),
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

const some = <T>(random: () => number, list: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: n }, () => pick(random, list)))];
};

// GuardDuty's severity bands (low 1-3.9, medium 4-6.9, high 7-8.9, critical 9-10).
const SEVERITIES: unknown[] = [
  [{ numeric: ['>=', 4] }],
  [{ numeric: ['>=', 7] }],
  [{ numeric: ['>=', 9] }],
  [{ numeric: ['>=', 4, '<', 7] }],
  [{ numeric: ['>=', 7, '<', 9] }],
  [{ numeric: ['>', 2] }],
];

function guardDutyPattern(random: () => number, v: Vocabulary): unknown {
  const types = some(random, v.types, 6);
  const values: unknown[] = types.map((t) =>
    random() < 0.3 ? { prefix: t.slice(0, t.indexOf('/') + 1) } : t,
  );
  const detail: Record<string, unknown> = { type: values, severity: pick(random, SEVERITIES) };
  if (random() < 0.3) {
    detail.resource = { resourceType: [pick(random, ['Instance', 'AccessKey', 'S3Bucket'])] };
  }
  return { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail };
}

function cloudTrailPattern(random: () => number, v: Vocabulary): unknown {
  const sources = [...v.calls.keys()];
  if (sources.length === 0) return guardDutyPattern(random, v);
  const eventSource = pick(random, sources);
  const service = eventSource.replace(/\.amazonaws\.com$/, '');
  const detail: Record<string, unknown> = {
    eventSource: [eventSource],
    eventName: some(random, v.calls.get(eventSource) ?? [], 5),
  };
  const roll = random();
  if (roll < 0.2) detail.userIdentity = { type: some(random, v.identityTypes, 2) };
  else if (roll < 0.3) {
    detail.$or = [
      { userIdentity: { type: ['Root'] } },
      { userIdentity: { arn: [{ suffix: ':root' }] } },
    ];
  } else if (roll < 0.4) detail.errorCode = [{ exists: false }];
  else if (roll < 0.5)
    detail.userIdentity = { invokedBy: [{ 'anything-but': 'cloudformation.amazonaws.com' }] };
  const pattern: Record<string, unknown> = {
    source: [`aws.${service.split('.')[0]}`],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail,
  };
  if (random() < 0.1 && v.accounts.length > 0) pattern.account = some(random, v.accounts, 3);
  return pattern;
}

const signInPattern = (random: () => number): unknown => ({
  source: ['aws.signin'],
  'detail-type': ['AWS Console Sign In via CloudTrail'],
  detail: {
    eventName: ['ConsoleLogin'],
    ...(random() < 0.5
      ? { additionalEventData: { MFAUsed: ['No'] } }
      : { userIdentity: { type: ['Root'] } }),
  },
});

/**
 * `count` patterns in realistic proportions: 45% GuardDuty, 45% CloudTrail API calls, 10%
 * console sign-ins. The same seed and events give the same set.
 *
 * @example patternSet(100, corpusEvents).length // 100
 */
export function patternSet(
  count: number,
  events: readonly EventBridgeEvent[],
  seed = 10,
): unknown[] {
  const random = seeded(seed);
  const v = vocabularyOf(events);
  return Array.from({ length: count }, () => {
    const roll = random();
    if (roll < 0.45) return guardDutyPattern(random, v);
    if (roll < 0.9) return cloudTrailPattern(random, v);
    return signInPattern(random);
  });
}
