import { z } from 'zod';

/** The Lambda's own settings (beside the shared `PARRY_*` ones), from the stack. */
export interface RuntimeConfig {
  table: string | undefined;
  maxActionsPerHour: number;
  dedupeWindowSeconds: number;
  leaseSeconds: number;
  /** `npm run invoke` without --execute: plan only, no AWS at all. */
  planOnly: boolean;
}

const schema = z.object({
  PARRY_TABLE_NAME: z.string().min(3).optional(),
  PARRY_MAX_ACTIONS_PER_HOUR: z.coerce.number().int().min(0).max(100_000).default(20),
  PARRY_DEDUPE_WINDOW_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 90)
    .default(168),
  PARRY_LEASE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  PARRY_PLAN_ONLY: z.enum(['true', 'false']).default('false'),
});

/** @example readRuntimeConfig({ PARRY_TABLE_NAME: 'parry-runs' }).maxActionsPerHour // 20 */
export function readRuntimeConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const e = schema.parse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  return {
    table: e.PARRY_TABLE_NAME,
    maxActionsPerHour: e.PARRY_MAX_ACTIONS_PER_HOUR,
    dedupeWindowSeconds: Math.round(e.PARRY_DEDUPE_WINDOW_HOURS * 3600),
    leaseSeconds: e.PARRY_LEASE_SECONDS,
    planOnly: e.PARRY_PLAN_ONLY === 'true',
  };
}
