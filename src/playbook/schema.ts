import { z } from 'zod';
import { testsSchema } from './test-cases.js';

export const PLAYBOOK_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const pattern = z.record(z.string(), z.unknown());

/** One action as written: `type`, `on-error`, and the action's own params beside them. */
export const actionSchema = z.looseObject({
  type: z.string().min(1),
  'on-error': z.enum(['continue', 'stop']).default('continue'),
});

/** The playbook file's shape; patterns and action params are checked by their own compilers. */
export const playbookSchema = z.strictObject({
  name: z
    .string()
    .max(64)
    .regex(PLAYBOOK_NAME, 'must be kebab-case: lower-case letters, digits and dashes'),
  description: z.string().max(1024).optional(),
  enabled: z.boolean().default(true),
  mode: z.enum(['dry-run', 'enforce']).default('dry-run'),
  'rerun-on-severity-increase': z.boolean().default(false),
  /** Also receive read-only CloudTrail management events (the rule's state says so). */
  'read-only-events': z.boolean().default(false),
  match: pattern,
  unless: z.array(pattern).max(64).default([]),
  actions: z.array(actionSchema).min(1).max(32),
  /** Run by `parry test`; the responder ignores them. */
  tests: testsSchema.optional(),
});

export type PlaybookFile = z.output<typeof playbookSchema>;
