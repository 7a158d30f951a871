import { disableAccessKey } from './disable-access-key/index.js';
import { notify } from './notify/index.js';
import { quarantineInstance } from './quarantine-instance/index.js';
import type { ActionDefinition } from './types.js';

/** Every action parry knows, by `type`. One module per action. */
const ACTIONS: readonly ActionDefinition[] = [quarantineInstance, disableAccessKey, notify];

const byType = new Map(ACTIONS.map((a) => [a.type, a]));

export const actionTypes = (): string[] => [...byType.keys()];

/** @example getAction('notify')?.permissions // ['sns:Publish'] */
export const getAction = (type: string): ActionDefinition | undefined => byType.get(type);

export const allActions = (): readonly ActionDefinition[] => ACTIONS;
