import type { PlannedCall } from '../types.js';
import type { StoppedTrail } from './trail.js';

/** A planned CloudTrail call whose input keeps its type, so `execute` sends exactly what `plan` shows. */
export interface TrailCall<I extends Record<string, unknown>> extends PlannedCall {
  service: 'CloudTrail';
  input: I;
}

/**
 * Every call names the trail by ARN (unambiguous, and what ListTags needs)
 * and goes to the trail's home region, shown when it is not the event's.
 */
const trailCall = <I extends Record<string, unknown>>(
  trail: StoppedTrail,
  eventRegion: string,
  operation: string,
  input: I,
  condition?: string,
): TrailCall<I> => ({
  service: 'CloudTrail',
  operation,
  input,
  ...(trail.homeRegion !== eventRegion ? { region: trail.homeRegion } : {}),
  ...(condition ? { condition } : {}),
});

/**
 * The calls of one restart, in order: tags (exempt), status, StartLogging.
 * @example trailCalls(trail, 'us-east-1', 'parry:exempt').start.input // { Name: 'arn:aws:cloudtrail:...:trail/org-audit-trail' }
 */
export function trailCalls(trail: StoppedTrail, eventRegion: string, exemptTag: string) {
  const notExempt = `if ${trail.name} is not tagged ${exemptTag}`;
  return {
    listTags: trailCall(trail, eventRegion, 'ListTags', { ResourceIdList: [trail.arn] }),
    status: trailCall(trail, eventRegion, 'GetTrailStatus', { Name: trail.arn }, notExempt),
    start: trailCall(
      trail,
      eventRegion,
      'StartLogging',
      { Name: trail.arn },
      `${notExempt} and it is not logging`,
    ),
  };
}
