import { getAction } from '../actions/registry.js';
import type { ActionDefinition } from '../actions/types.js';
import type { Playbook } from '../playbook/index.js';
import { RESOURCE_SCOPES } from './resource-scopes.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string | string[] | { 'Fn::Sub': string }[];
}

export class UnscopedPermissionError extends Error {
  override readonly name = 'UnscopedPermissionError';
}

/**
 * The actions that enabled enforce-mode playbooks use: the role allows exactly
 * what they need. A dry-run playbook only plans, so it needs no permission;
 * switching it to enforce is a redeploy, which grants them.
 */
export function actionsInUse(playbooks: readonly Playbook[]): ActionDefinition[] {
  const byType = new Map<string, ActionDefinition>();
  for (const p of playbooks.filter((pb) => pb.enabled && pb.mode === 'enforce')) {
    for (const a of p.actions) {
      const definition = getAction(a.type);
      if (definition) byType.set(a.type, definition);
    }
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/**
 * One statement per set of resources, listing each IAM action by name (never
 * a wildcard action). Fails for a permission whose resources are not known,
 * so nothing is granted on `*` by accident.
 * @example permissionStatements(actionsInUse(playbooks))
 */
export function permissionStatements(actions: readonly ActionDefinition[]): PolicyStatement[] {
  const groups = new Map<string, Set<string>>();
  for (const permission of new Set(actions.flatMap((a) => a.permissions))) {
    const scopes = RESOURCE_SCOPES[permission];
    if (!scopes)
      throw new UnscopedPermissionError(
        `no resource scope known for ${permission}: add it to RESOURCE_SCOPES`,
      );
    const key = JSON.stringify(scopes);
    groups.set(key, (groups.get(key) ?? new Set()).add(permission));
  }
  return [...groups.entries()].map(([key, permissions], index) => {
    const scopes = JSON.parse(key) as string[];
    const list = [...permissions].sort();
    return {
      Sid: `ParryActions${index + 1}`,
      Effect: 'Allow',
      Action: list,
      Resource: scopes.map((s) =>
        s === '*' ? '*' : { 'Fn::Sub': s },
      ) as PolicyStatement['Resource'],
    };
  });
}

/**
 * An explicit deny on changing parry's own roles: whatever a playbook does,
 * parry cannot revoke, detach or rewrite itself (never locks itself out).
 */
export const neverChangeParry = (
  resources: unknown,
): Omit<PolicyStatement, 'Resource'> & { Resource: unknown } => ({
  Sid: 'NeverChangeParryItself',
  Effect: 'Deny',
  Action: [
    'iam:PutRolePolicy',
    'iam:DeleteRolePolicy',
    'iam:AttachRolePolicy',
    'iam:DetachRolePolicy',
    'iam:UpdateAssumeRolePolicy',
    'iam:DeleteRole',
  ],
  Resource: resources,
});
