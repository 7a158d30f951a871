import { firstProblem, lengthIn, numberIn, oneOf, setVariables } from '../env-checks.js';
import { ConfigError } from './errors.js';

/** The Lambda's own settings (beside the shared `PARRY_*` ones), from the stack. */
export interface RuntimeConfig {
  table: string | undefined;
  maxActionsPerHour: number;
  dedupeWindowSeconds: number;
  leaseSeconds: number;
  /** `npm run invoke` without --execute: plan only, no AWS at all. */
  planOnly: boolean;
}

const CHECKS = {
  PARRY_TABLE_NAME: [lengthIn(3)],
  PARRY_MAX_ACTIONS_PER_HOUR: [numberIn({ min: 0, max: 100_000, integer: true })],
  PARRY_DEDUPE_WINDOW_HOURS: [numberIn({ min: 1, max: 24 * 90, integer: false })],
  PARRY_LEASE_SECONDS: [numberIn({ min: 10, max: 3600, integer: true })],
  PARRY_PLAN_ONLY: [oneOf(['true', 'false'])],
};

/**
 * A bad value fails the cold start with a ConfigError naming the variable.
 * @example readRuntimeConfig({ PARRY_TABLE_NAME: 'parry-runs' }).maxActionsPerHour // 20
 */
export function readRuntimeConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const e = setVariables(env);
  const problem = firstProblem(e, CHECKS);
  if (problem) throw new ConfigError(problem);
  const number = (name: keyof typeof CHECKS, fallback: number): number =>
    e[name] === undefined ? fallback : Number(e[name]);
  return {
    table: e.PARRY_TABLE_NAME,
    maxActionsPerHour: number('PARRY_MAX_ACTIONS_PER_HOUR', 20),
    dedupeWindowSeconds: Math.round(number('PARRY_DEDUPE_WINDOW_HOURS', 168) * 3600),
    leaseSeconds: number('PARRY_LEASE_SECONDS', 300),
    planOnly: e.PARRY_PLAN_ONLY === 'true',
  };
}
