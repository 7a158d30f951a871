import { z } from 'zod';
import {
  ROLE_NAME_MAX,
  RULE_NAME_MAX,
  responderRoleName,
  type StackNaming,
  stackName,
} from './names.js';

/**
 * The stage params of `serverless.yml`, checked when the stack is packaged
 * (`npm run package`, `osls package`, `osls deploy`), so a bad value fails
 * there with one line instead of at every cold start. Values arrive as osls
 * resolved them: strings from `--param`, numbers or strings from
 * `params:` in serverless.yml.
 */
const text = z.union([z.string(), z.number()]).transform(String);
/** Empty (the param is off) or a value `inner` accepts, with `inner`'s own message. */
const blankOr = (inner: z.ZodType<string>) =>
  text.superRefine((value, ctx) => {
    if (value === '') return;
    const parsed = inner.safeParse(value);
    if (!parsed.success)
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid' });
  });
const integer = (min: number, max: number) =>
  text.pipe(
    z
      .string()
      .regex(/^\d+$/, 'not a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `below ${min}`).max(max, `above ${max}`)),
  );

/** CloudWatch Logs retention values (PutRetentionPolicy, `retentionInDays`). */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

export const STAGE_PARAMS = {
  eventBus: text.pipe(z.string().regex(/^[/.\-_A-Za-z0-9]{1,256}$/, 'not an event bus name')),
  memberRoleName: text.pipe(z.string().regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM role name')),
  externalId: blankOr(z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'not an STS external id')),
  mode: blankOr(z.enum(['dry-run', 'enforce'], 'not one of dry-run, enforce')),
  maxActionsPerHour: integer(0, 100_000),
  dedupeWindowHours: integer(1, 24 * 90),
  reservedConcurrency: integer(1, 1000),
  logRetentionDays: integer(1, 3653).refine((d) => RETENTION_DAYS.includes(d), {
    message: `not a CloudWatch Logs retention (one of ${RETENTION_DAYS.join(', ')})`,
  }),
  alarmEmail: blankOr(z.email('not an email address')),
  organizationId: blankOr(
    z.string().regex(/^o-[a-z0-9]{10,32}$/, 'not an Organization id (o-...)'),
  ),
} as const;

export type StageParamName = keyof typeof STAGE_PARAMS;
export type StageParams = { [K in StageParamName]: z.output<(typeof STAGE_PARAMS)[K]> };

export const STAGE_PARAM_NAMES = Object.keys(STAGE_PARAMS) as StageParamName[];

/** A stage param or deployment setting that cannot work; its message is one line naming it. */
export class StageParamError extends Error {
  override readonly name = 'StageParamError';
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const STAGE = /^[A-Za-z0-9-]+$/;

/**
 * The stage and Region: every name derived from them must fit (IAM role
 * names, function names and rule-name prefixes have length limits).
 * @example checkDeployment({ service: 'parry', stage: 'prod' }, 'eu-west-1')
 */
export function checkDeployment(naming: StackNaming, region: string): void {
  if (!STAGE.test(naming.stage))
    throw new StageParamError(`stage "${naming.stage}": use letters, digits and "-" only`);
  if (!REGION.test(region)) throw new StageParamError(`region "${region}": not an AWS Region`);
  const role = responderRoleName(naming, region);
  if (role.length > ROLE_NAME_MAX)
    throw new StageParamError(
      `stage "${naming.stage}": the responder role name ${role} is longer than ${ROLE_NAME_MAX} characters; use a shorter stage`,
    );
  // Rule names are `<stack>-<playbook>`, cut at 64: leave a playbook name room to stay apart.
  if (stackName(naming).length > RULE_NAME_MAX - 24)
    throw new StageParamError(
      `stage "${naming.stage}": too long for rule names (${stackName(naming)}-<playbook> must fit ${RULE_NAME_MAX} characters); use a shorter stage`,
    );
}

/**
 * Checks the params a stage is packaged with. `given` are the names passed
 * (on the command line or under `params:`): an unknown one is an error,
 * because osls would silently ignore it.
 * @example checkStageParams({ ...defaults, mode: 'dryrun' }, ['mode']) // throws: stage param "mode": ...
 */
export function checkStageParams(
  values: Readonly<Record<string, unknown>>,
  given: readonly string[],
): StageParams {
  for (const name of given) {
    if (!(STAGE_PARAM_NAMES as readonly string[]).includes(name))
      throw new StageParamError(
        `unknown stage param "${name}" (known: ${STAGE_PARAM_NAMES.join(', ')})`,
      );
  }
  const out: Record<string, unknown> = {};
  for (const name of STAGE_PARAM_NAMES) {
    const parsed = STAGE_PARAMS[name].safeParse(values[name] ?? '');
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'invalid';
      throw new StageParamError(
        `stage param "${name}": ${JSON.stringify(values[name] ?? '')} is ${message}`,
      );
    }
    out[name] = parsed.data;
  }
  return out as StageParams;
}
