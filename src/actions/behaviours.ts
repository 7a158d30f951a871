import type { z } from 'zod';
import { blockS3PublicAccessBehaviour } from './block-s3-public-access/behaviour.js';
import { disableAccessKeyBehaviour } from './disable-access-key/behaviour.js';
import { emitEventBehaviour } from './emit-event/behaviour.js';
import { notifyBehaviour } from './notify/behaviour.js';
import { quarantineInstanceBehaviour } from './quarantine-instance/behaviour.js';
import { quarantineUserBehaviour } from './quarantine-user/behaviour.js';
import { revokeSecurityGroupIngressBehaviour } from './revoke-security-group-ingress/behaviour.js';
import { revokeSessionsBehaviour } from './revoke-sessions/behaviour.js';
import { startLoggingBehaviour } from './start-logging/behaviour.js';
import { tagBehaviour } from './tag/behaviour.js';
import type { ActionBehaviour } from './types.js';

// What the Lambda runs: each action's plan and execution. Their definitions
// (params schemas, permissions, notes: registry.ts) are for the CLI and the
// build; a bundled playbook's params were checked by the build, so a schema is
// loaded only to check params that a template fills in (`loadParamsSchema`).

const BEHAVIOURS: readonly ActionBehaviour[] = [
  quarantineInstanceBehaviour,
  disableAccessKeyBehaviour,
  revokeSessionsBehaviour,
  quarantineUserBehaviour,
  revokeSecurityGroupIngressBehaviour,
  startLoggingBehaviour,
  blockS3PublicAccessBehaviour,
  tagBehaviour,
  notifyBehaviour,
  emitEventBehaviour,
];

const byType = new Map(BEHAVIOURS.map((b) => [b.type, b]));

/** @example getBehaviour('notify')?.services // ['SNS'] */
export const getBehaviour = (type: string): ActionBehaviour | undefined => byType.get(type);

export const allBehaviours = (): readonly ActionBehaviour[] => [...byType.values()];

/** Each action's params schema, imported on demand (zod comes with it). */
const SCHEMAS: Record<string, () => Promise<z.ZodType>> = {
  'quarantine-instance': async () =>
    (await import('./quarantine-instance/params.js')).quarantineParams,
  'disable-access-key': async () =>
    (await import('./disable-access-key/params.js')).disableAccessKeyParams,
  'revoke-sessions': async () => (await import('./revoke-sessions/params.js')).revokeSessionsParams,
  'quarantine-user': async () => (await import('./quarantine-user/params.js')).quarantineUserParams,
  'revoke-security-group-ingress': async () =>
    (await import('./revoke-security-group-ingress/params.js')).revokeIngressParams,
  'start-logging': async () => (await import('./start-logging/params.js')).startLoggingParams,
  'block-s3-public-access': async () =>
    (await import('./block-s3-public-access/params.js')).blockS3PublicAccessParams,
  tag: async () => (await import('./tag/params.js')).tagParams,
  notify: async () => (await import('./notify/params.js')).notifyParams,
  'emit-event': async () => (await import('./emit-event/params.js')).emitEventParams,
};

/**
 * The params schema of an action, for rendered templates.
 * @example (await loadParamsSchema('notify')).safeParse({ subject: 'x' }).success // true
 */
export function loadParamsSchema(type: string): Promise<z.ZodType> {
  const load = SCHEMAS[type];
  if (!load) return Promise.reject(new Error(`no params schema for action "${type}"`));
  return load();
}
