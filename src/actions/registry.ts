import { blockS3PublicAccess } from './block-s3-public-access/index.js';
import { disableAccessKey } from './disable-access-key/index.js';
import { emitEvent } from './emit-event/index.js';
import { notify } from './notify/index.js';
import { quarantineInstance } from './quarantine-instance/index.js';
import { quarantineUser } from './quarantine-user/index.js';
import { revokeSecurityGroupIngress } from './revoke-security-group-ingress/index.js';
import { revokeSessions } from './revoke-sessions/index.js';
import { startLogging } from './start-logging/index.js';
import { tag } from './tag/index.js';
import type { ActionDefinition } from './types.js';

/** Every action parry knows, by `type`. One module per action; containment first. */
const ACTIONS: readonly ActionDefinition[] = [
  quarantineInstance,
  disableAccessKey,
  revokeSessions,
  quarantineUser,
  revokeSecurityGroupIngress,
  startLogging,
  blockS3PublicAccess,
  tag,
  notify,
  emitEvent,
];

const byType = new Map(ACTIONS.map((a) => [a.type, a]));

export const actionTypes = (): string[] => [...byType.keys()];

/** @example getAction('notify')?.permissions // ['sns:Publish'] */
export const getAction = (type: string): ActionDefinition | undefined => byType.get(type);

export const allActions = (): readonly ActionDefinition[] => ACTIONS;
