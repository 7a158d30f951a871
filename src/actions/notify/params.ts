import { z } from 'zod';
import { SNS_TOPIC_ARN } from '../../settings.js';

const topicArn = z.string().regex(SNS_TOPIC_ARN, 'not an SNS topic ARN');

export const notifyParams = z.strictObject({
  topic: topicArn
    .optional()
    .describe(
      "SNS topic ARN to publish to; defaults to PARRY_NOTIFY_TOPIC_ARN (the stack's topic)",
    ),
  subject: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe(
      'Email subject; made printable ASCII on one line and cut to 99 characters. Defaults to "parry <playbook>: <type> (<severity>) in <account>"',
    ),
  message: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe('A few lines of context for the readers, shown above the facts'),
});

export type NotifyParams = z.output<typeof notifyParams>;
