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

/**
 * The params schema of an action, for rendered templates.
 * @example (await loadParamsSchema('notify')).safeParse({ subject: 'x' }).success // true
 */
export async function loadParamsSchema(type: string): Promise<z.ZodType> {
  // One module for all of them, so that the bundle has one chunk of schemas (zod comes with it).
  const schema = (await import('./params-schemas.js')).PARAMS_SCHEMAS[type];
  if (!schema) throw new Error(`no params schema for action "${type}"`);
  return schema;
}
