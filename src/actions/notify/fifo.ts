import { createHash } from 'node:crypto';

export const isFifoTopic = (topicArn: string): boolean => topicArn.endsWith('.fifo');

export interface FifoKey {
  playbook: string;
  eventId: string;
  subject: string;
  note?: string;
}

/**
 * A FIFO topic refuses a publish without a group, and drops a second copy
 * with the same deduplication id (for 5 minutes): the same playbook telling
 * the same thing about the same event is sent once.
 * @example fifoFields('arn:aws:sns:us-east-1:111122223333:alerts.fifo', key).MessageGroupId // 'notify-on-findings'
 */
export function fifoFields(
  topicArn: string,
  key: FifoKey,
): { MessageGroupId?: string; MessageDeduplicationId?: string } {
  if (!isFifoTopic(topicArn)) return {};
  const id = createHash('sha256')
    .update(JSON.stringify([key.playbook, key.eventId, key.subject, key.note ?? '']))
    .digest('hex');
  return { MessageGroupId: key.playbook, MessageDeduplicationId: id };
}
