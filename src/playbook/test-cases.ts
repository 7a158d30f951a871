import { z } from 'zod';

/**
 * Playbook tests as written: in a playbook's `tests:` or in `<name>.test.yml`
 * beside it. Expectations are partial: only what a case names is compared.
 */

const callExpectation = z
  .strictObject({
    service: z.string().optional(),
    operation: z.string().optional(),
    input: z.record(z.string(), z.unknown()).optional().describe('partial: only the keys given'),
    region: z.string().optional(),
    account: z.string().optional(),
    condition: z.string().optional(),
    status: z.enum(['ok', 'failed', 'skipped', 'tolerated']).optional(),
  })
  .describe('One AWS call: only the fields given are compared');

const actionExpectation = z
  .strictObject({
    type: z.string().optional(),
    status: z.enum(['planned', 'succeeded', 'failed', 'skipped']).optional(),
    target: z.string().optional(),
    reason: z.string().optional(),
    error: z.string().optional(),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('the params once templates were rendered; partial'),
    calls: z.array(callExpectation).optional().describe('every call, in order (each one partial)'),
    'calls-include': z
      .array(callExpectation)
      .optional()
      .describe('these calls, in this order, among others'),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('One action of the run: only the fields given are compared');

export const expectationSchema = z
  .strictObject({
    matched: z.boolean().optional().describe('whether the playbook matches the event at all'),
    status: z.enum(['planned', 'skipped', 'executed', 'failed']).optional(),
    mode: z.enum(['dry-run', 'enforce']).optional(),
    reason: z.string().optional().describe('why it was skipped (exact text)'),
    actions: z
      .array(actionExpectation)
      .optional()
      .describe('every action, in order (each one partial)'),
  })
  .describe('The expected outcome: only what is given is compared');

/** PARRY_* settings for a case (the process environment is never used: tests are hermetic). */
const envSchema = z
  .record(z.string().regex(/^(PARRY_|AWS_REGION$)/, 'only PARRY_* and AWS_REGION'), z.string())
  .describe('PARRY_* settings (and AWS_REGION) for the run; the process environment is ignored');

export const testCaseSchema = z.strictObject({
  name: z.string().min(1).max(200),
  event: z
    .union([z.string().min(1), z.record(z.string(), z.unknown())])
    .describe(
      'a file relative to this file (any input replay reads; file.json#2 picks one of several), or the event inline',
    ),
  env: envSchema.optional(),
  expect: expectationSchema,
});

export const testsSchema = z.array(testCaseSchema).min(1).max(500);

/** `<name>.test.yml`: the tests of the playbook beside it. */
export const testFileSchema = z.strictObject({
  playbook: z
    .string()
    .optional()
    .describe('the playbook tested; defaults to the one in <name>.yml beside this file'),
  env: envSchema.optional(),
  tests: testsSchema,
});

export type PlaybookTestCase = z.output<typeof testCaseSchema>;
export type Expectation = z.output<typeof expectationSchema>;
export type TestFile = z.output<typeof testFileSchema>;
