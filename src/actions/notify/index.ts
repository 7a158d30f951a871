import type { ActionDefinition } from '../types.js';
import { notifyParams } from './params.js';
import { publishInput, topicOf, topicWhere, UNSET_TOPIC } from './publish.js';

export { notifyParams } from './params.js';

const NOTES = `
Publishes one message to an SNS topic: what happened, and what the actions
before this one in the playbook did about it.

**Call**: \`sns:Publish\` to \`topic\`, or to \`PARRY_NOTIFY_TOPIC_ARN\` when
\`topic\` is not set. With neither, the plan shows \`<PARRY_NOTIFY_TOPIC_ARN>\`
and the action fails when run with "no topic: set \`topic\` or
PARRY_NOTIFY_TOPIC_ARN".
The call is made in the topic's account and region (SNS only publishes to a
topic in the region of the endpoint called): for an event of a member account,
parry publishes to the security account's topic with its own role, never
through the member role.

**Message** (\`MessageStructure: json\`):

- \`email\`: a readable report: the finding's title or the call, type,
  severity (GuardDuty's label: Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9,
  Critical 9.0-10.0), account, region, resource, principal, remote address,
  event id and time; each earlier action with its outcome (succeeded, FAILED
  with its error, skipped with its reason, or planned in dry-run) and its
  calls; a console link.
- \`sms\`: one line of at most 140 characters.
- \`default\`, which every other protocol receives (SQS, Lambda, HTTP/S,
  Firehose, email-json): JSON with \`playbook\`, \`mode\`, \`summary\`,
  \`actions\` (the earlier actions' full results) and \`event\`, plus
  \`trimmed\` when something was left out.

The outcomes are those of this run: when the playbook enforces, the message is
built when notify runs, after the actions before it.

**Subject**: \`subject\` or \`parry <playbook>: <type> (<severity>) in <account>\`
(prefixed \`[dry-run]\` in dry-run), made printable ASCII on one line and cut to
99 characters, as SNS requires.

**Attributes**, for subscription filter policies: \`playbook\`, \`severity\`
(\`Low\`, \`Medium\`, \`High\`, \`Critical\`, or \`none\` for CloudTrail
events), \`type\` (the finding type, or \`service:Operation\` such as
\`cloudtrail:StopLogging\`) and \`account\`, all strings, never empty.

**Size**: SNS refuses a publish over 262,144 bytes, counting the message and
every attribute's name, type and value (the subject is counted too, to be
safe). notify never fails on size: it leaves out the embedded event detail
first, then the actions' call inputs and details, then their calls, then the
actions from the JSON, and last cuts the end of the report. Both parts say
what was left out.

**FIFO topics** (\`.fifo\`): the message group is the playbook and the
deduplication id is a hash of the playbook, event id, subject and message, so
the same notification is delivered once within SNS's 5-minute window. On a
standard topic, running twice publishes twice.

**Details**: \`messageId\`, and \`trimmed\` when something was left out.
`.trim();

/**
 * Publishes to SNS what happened and what parry did about it: a readable
 * report for email, the structured result for machines, filterable attributes.
 *
 * @example
 * actions:
 *   - type: notify
 *     subject: "Quarantined {{ detail.resource.instanceDetails.instanceId }}"
 */
export const notify: ActionDefinition<typeof notifyParams> = {
  type: 'notify',
  summary: 'Publish the event and the outcome of the actions before it to SNS',
  notes: NOTES,
  params: notifyParams,
  permissions: ['sns:Publish'],
  targets: { guardduty: 'the finding', cloudtrail: 'the event' },
  plan(context) {
    const topic = topicOf(context) ?? UNSET_TOPIC;
    // Building the message is most of a plan's cost, and changes neither target nor outcome.
    if (context.outline) {
      const where = topicWhere(context, topic);
      const input = { TopicArn: topic };
      return { target: topic, calls: [{ service: 'SNS', operation: 'Publish', input, ...where }] };
    }
    const { input, trimmed } = publishInput(context, topic);
    return {
      target: topic,
      calls: [
        {
          service: 'SNS',
          operation: 'Publish',
          input: { ...input },
          ...topicWhere(context, topic),
        },
      ],
      ...(trimmed.length > 0 ? { details: { trimmed } } : {}),
    };
  },
  execute: async (context) => (await import('./execute.js')).execute(context),
};
