import type { Aws } from '../aws/session.js';
import type { Settings } from '../settings.js';

/** Tells the team once per account and hour that the breaker stopped enforcement. */
export async function publishBreakerAlert(
  aws: Aws,
  settings: Settings,
  account: string,
  hour: string,
  limit: number,
): Promise<void> {
  if (!settings.notifyTopicArn) return;
  const { PublishCommand } = await import('@aws-sdk/client-sns');
  const text = [
    `parry's circuit breaker tripped for account ${account} (hour ${hour}:00 UTC).`,
    `More than ${limit} enforced playbook runs were requested in that hour (PARRY_MAX_ACTIONS_PER_HOUR).`,
    'Further runs for this account are planned only (dry-run) until the next hour. Check what is happening:',
    'a storm of findings may be an attack, or a playbook may match too much.',
  ].join('\n');
  await aws.send(
    'SNS',
    new PublishCommand({
      TopicArn: settings.notifyTopicArn,
      Subject: `parry circuit breaker tripped for ${account}`,
      Message: text,
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'parry:circuit-breaker' },
        account: { DataType: 'String', StringValue: account },
      },
    }),
  );
}
