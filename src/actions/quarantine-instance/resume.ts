import type { InstanceFacts } from './facts.js';
import { isQuarantined } from './targets.js';

export const QUARANTINED_TAG = 'parry:quarantined';
export const PLAYBOOK_TAG = 'parry:playbook';
export const FINDING_TAG = 'parry:finding';
/** The profile the instance had: once it is detached, a retry still knows whose sessions to revoke. */
export const PROFILE_TAG = 'parry:instance-profile';

/** GuardDuty finding ids fit; longer event ids are cut to EC2's tag value limit. */
export const findingTagValue = (finding: string): string => finding.slice(0, 256);

/** Which quarantine a run belongs to: when it began, and whether an earlier run began it. */
export interface QuarantineStart {
  /** The `parry:quarantined` value of this quarantine, as written on the instance and its snapshots. */
  tag: string;
  at: Date;
  /** An earlier run began this quarantine: each step checks its own effect before acting. */
  resumed: boolean;
}

/**
 * The quarantine this run continues, or a new one. An earlier run of the
 * same finding, or of any finding while the instance is still isolated,
 * began it: its time is the instance's `parry:quarantined` tag. Anything else
 * (no tag, an unreadable or future time, or an instance released from an
 * earlier quarantine) begins a new one now. Snapshots of a quarantine carry
 * its time; its revoke policy must be at least as recent.
 * @example quarantineStart(facts, '51ea...', now) // { tag: '2026-11-22T10:00:00.000Z', at, resumed: true }
 */
export function quarantineStart(facts: InstanceFacts, finding: string, now: Date): QuarantineStart {
  const tag = facts.tags[QUARANTINED_TAG];
  const at = tag === undefined ? Number.NaN : Date.parse(tag);
  const sameFinding = facts.tags[FINDING_TAG] === findingTagValue(finding);
  if (tag && !Number.isNaN(at) && at <= now.getTime() && (sameFinding || isQuarantined(facts))) {
    return { tag, at: new Date(at), resumed: true };
  }
  return { tag: now.toISOString(), at: now, resumed: false };
}
