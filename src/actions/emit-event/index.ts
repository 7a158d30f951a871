import type { ActionDefinition } from '../types.js';
import { emitEventBehaviour } from './behaviour.js';
import { emitEventParams } from './params.js';
import { DETAIL_TYPE, SOURCE } from './run-detail.js';

export { emitEventParams } from './params.js';

const NOTES = `
Puts one event on an EventBridge bus describing this run, so other systems
(a SIEM, a ticketing rule, a Step Functions workflow) can follow what parry did.

**Call**: \`events:PutEvents\` with one entry on \`bus\` (default \`default\`):

- \`Source\`: \`${SOURCE}\`; \`DetailType\`: \`${DETAIL_TYPE}\`;
- \`Detail\`: JSON with \`playbook\`, \`mode\`, \`event\` (the answered event's
  \`id\`, \`source\`, \`detail-type\`, \`account\`, \`region\`), \`target\` (the
  account and region the event is about: a member's, for a finding the
  GuardDuty administrator received) and \`actions\` (the results of the actions
  before this one in the run), plus \`trimmed\` when something was left out;
- \`Resources\`: the event's resource ARNs, when it has any (at most 100).

A rule can pick failed runs with
\`{"source": ["parry"], "detail": {"actions": {"status": ["failed"]}}}\`.

A bus name is parry's own bus, in the responder's account and region; a bus
ARN is called in its own account and region. parry never puts events through
the member role of the account the event is about.

**Size**: EventBridge refuses an entry of 256 KB or more, counting the UTF-8
bytes of \`Source\`, \`DetailType\`, \`Detail\` and each resource (1 KB is kept
for the JSON keys the API reference also counts). The action never fails on
size: it leaves out the actions' params, details and call inputs first, then
their calls, then the actions, and lists in \`detail.trimmed\` what it left
out.

**Failures**: PutEvents answers HTTP 200 with \`FailedEntryCount\` and an
\`ErrorCode\` on the entry when it refuses it; the action then fails with that
code and message.

**Loops**: parry's own events have \`source: parry\`. A playbook matching
\`source: [parry]\` would see them; one that also emits would answer itself.

**Twice**: running twice puts two events; consumers can deduplicate on
\`detail.playbook\` and \`detail.event.id\`.

**Details**: \`eventId\` (the id EventBridge gave the event), or \`errorCode\`;
\`trimmed\` when something was left out.
`.trim();

/**
 * Puts the run's result on an EventBridge bus for other systems to follow.
 *
 * @example
 * actions:
 *   - type: quarantine-instance
 *   - type: emit-event
 *     bus: arn:aws:events:us-east-1:111122223333:event-bus/security
 */
export const emitEvent: ActionDefinition<typeof emitEventParams> = {
  ...emitEventBehaviour,
  summary: 'Put the outcome of the actions before it on an EventBridge bus',
  notes: NOTES,
  params: emitEventParams,
  permissions: ['events:PutEvents'],
  targets: {
    guardduty: 'the event bus `bus` in the finding account (nothing of the finding is changed)',
    cloudtrail: 'the event bus `bus` in the event account (nothing of the event is changed)',
  },
};
