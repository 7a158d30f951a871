import { field, listField } from '../actions/event-fields.js';
import { guardReason, type PlaybookResult, runPlaybook } from '../engine/index.js';
import { type EventBridgeEvent, isGuardDutyFinding } from '../event/envelope.js';
import { explainPattern, type PatternExplanation } from '../match/explain.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';

export interface UnlessExplanation {
  readonly index: number;
  readonly vetoes: boolean;
  readonly explanation: PatternExplanation;
}

/** What the event itself says about the exempt tag (actions check live tags again). */
export interface ExemptExplanation {
  readonly tag: string;
  /** Where the event lists tags, and their keys; empty when it lists none. */
  readonly seen: readonly { readonly where: string; readonly keys: readonly string[] }[];
  readonly tagged: boolean;
}

/** Everything that decides what one playbook does with one event, in the order it is decided. */
export interface PlaybookExplanation {
  readonly name: string;
  readonly file: string;
  readonly enabled: boolean;
  readonly match: PatternExplanation;
  /** Checked only when `match` matches, as the engine does. */
  readonly unless: readonly UnlessExplanation[];
  /** The default guard that stops the event, if one does. */
  readonly guard?: string;
  readonly mode: { readonly playbook: string; readonly effective: string; readonly why?: string };
  readonly exempt: ExemptExplanation;
  /** What replay would report: undefined when `match` does not match. */
  readonly outcome?: PlaybookResult;
}

const tagKeys = (list: readonly unknown[]): string[] =>
  list.flatMap((t) => {
    const key = field(t, 'key') ?? field(t, 'Key');
    return typeof key === 'string' ? [key] : [];
  });

/** Tags a GuardDuty finding carries for its resource: the instance's, the buckets'. */
function eventTags(event: EventBridgeEvent): { where: string; keys: string[] }[] {
  if (!isGuardDutyFinding(event)) return [];
  const resource = field(event.detail, 'resource');
  const found: { where: string; keys: string[] }[] = [];
  const instance = listField(resource, 'instanceDetails', 'tags');
  if (instance.length > 0)
    found.push({ where: 'detail.resource.instanceDetails.tags', keys: tagKeys(instance) });
  listField(resource, 's3BucketDetails').forEach((bucket, i) => {
    const tags = listField(bucket, 'tags');
    if (tags.length > 0)
      found.push({ where: `detail.resource.s3BucketDetails[${i}].tags`, keys: tagKeys(tags) });
  });
  return found;
}

function modeOf(playbook: Playbook, settings: Settings, acting: boolean) {
  if (settings.forceDryRun && playbook.mode === 'enforce') {
    return {
      playbook: playbook.mode,
      effective: 'dry-run',
      why: 'PARRY_MODE=dry-run forces dry-run',
    };
  }
  if (playbook.mode === 'enforce' && !acting) {
    return {
      playbook: playbook.mode,
      effective: 'enforce',
      why: 'plans only here: replay --execute or the deployed stack acts',
    };
  }
  return { playbook: playbook.mode, effective: playbook.mode };
}

/**
 * Why a playbook does or does not act on an event: its match field by field,
 * then its `unless` vetoes, the default guards, its mode and the exempt tag.
 * The outcome is the engine's own (planned, never executed).
 * @example (await explainPlaybook(event, playbook, { settings })).match.matches
 */
export async function explainPlaybook(
  event: EventBridgeEvent,
  playbook: Playbook,
  options: { settings: Settings; now?: () => Date; acting?: boolean },
): Promise<PlaybookExplanation> {
  const match = explainPattern(playbook.match, event);
  const unless = match.matches
    ? playbook.unless.map((p, index) => {
        const explanation = explainPattern(p, event);
        return { index, vetoes: explanation.matches, explanation };
      })
    : [];
  const seen = eventTags(event);
  const tag = options.settings.exemptTag;
  const outcome = await runPlaybook(event, playbook, {
    settings: options.settings,
    now: options.now,
  });
  const guard = match.matches ? guardReason(event, options.settings) : undefined;
  return {
    name: playbook.name,
    file: playbook.file,
    enabled: playbook.enabled,
    match,
    unless,
    ...(guard ? { guard } : {}),
    mode: modeOf(playbook, options.settings, options.acting === true),
    exempt: { tag, seen, tagged: seen.some((s) => s.keys.includes(tag)) },
    ...(outcome ? { outcome } : {}),
  };
}
