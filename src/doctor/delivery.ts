import { DescribeEventBusCommand } from '@aws-sdk/client-eventbridge';
import { paginateListSubscriptionsByTopic } from '@aws-sdk/client-sns';
import { busPolicyStatementId } from '../stack/names.js';
import { errorName } from './aws-errors.js';
import { type DoctorContext, deployCommand, type RegionalStack } from './context.js';
import { type Finding, gap, notChecked, ok } from './findings.js';
import { actionsOf, type PolicyStatement } from './policy-document.js';

/** Someone receives the notifications: the topic has a confirmed subscription. */
export async function checkTopic(ctx: DoctorContext, stack: RegionalStack): Promise<Finding> {
  const { region } = stack;
  const topic = stack.outputs.NotificationsTopicArn;
  if (!topic)
    return gap(
      region,
      'notifications',
      'the stack has no NotificationsTopicArn output',
      deployCommand(ctx, region),
    );
  let confirmed = 0;
  let pending = 0;
  try {
    for await (const page of paginateListSubscriptionsByTopic(
      { client: ctx.clients.sns(region) },
      { TopicArn: topic },
    ))
      for (const s of page.Subscriptions ?? []) {
        // An unconfirmed subscription has no ARN yet: SubscriptionArn is "PendingConfirmation".
        if (s.SubscriptionArn?.startsWith('arn:')) confirmed++;
        else pending++;
      }
  } catch (error) {
    return notChecked(region, 'notifications', error, 'sns:ListSubscriptionsByTopic on the topic');
  }
  if (confirmed > 0)
    return ok(region, 'notifications', `${topic} has ${confirmed} confirmed subscription(s)`);
  if (pending > 0)
    return gap(
      region,
      'notifications',
      `${topic}: ${pending} subscription(s) waiting for confirmation`,
      'confirm the subscription (the email SNS sent), then run parry doctor again',
    );
  return gap(
    region,
    'notifications',
    `nobody is subscribed to ${topic}`,
    `${deployCommand(ctx, region, ' --param=alarmEmail=<address>')}, or aws sns subscribe --topic-arn ${topic} --protocol email --notification-endpoint <address> --region ${region}`,
  );
}

/** Member accounts may put (forward) events on the bus: a statement for the Organization. */
export async function checkBusPolicy(ctx: DoctorContext, stack: RegionalStack): Promise<Finding> {
  const { region } = stack;
  const bus = stack.outputs.EventBusName ?? 'default';
  if (!ctx.organizationId) return ok(region, 'bus policy', 'single account: no bus policy needed');
  let policy: { Statement?: (PolicyStatement & { Principal?: unknown })[] } = {};
  try {
    const out = await ctx.clients.events(region).send(new DescribeEventBusCommand({ Name: bus }));
    policy = out.Policy ? JSON.parse(out.Policy) : {};
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException')
      return gap(region, 'bus policy', `no event bus ${bus}`, deployCommand(ctx, region));
    return notChecked(region, 'bus policy', error, 'events:DescribeEventBus');
  }
  const sid = busPolicyStatementId(ctx.expected.naming);
  const allows = (policy.Statement ?? []).some(
    (s) =>
      s.Effect === 'Allow' &&
      actionsOf(s).includes('events:PutEvents') &&
      s.Condition?.StringEquals?.['aws:PrincipalOrgID'] === ctx.organizationId,
  );
  if (allows)
    return ok(region, 'bus policy', `accounts of ${ctx.organizationId} may put events on ${bus}`);
  return gap(
    region,
    'bus policy',
    `accounts of ${ctx.organizationId} may not put events on ${bus} (no statement ${sid}): their CloudTrail events never arrive`,
    deployCommand(ctx, region),
  );
}
