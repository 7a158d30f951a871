import { loadPlaybooks, type Playbook } from '../playbook/index.js';
import { roleStatements } from './role.js';
import { DLQ_LOGICAL_ID, ruleResources } from './rules.js';

/** What osls passes to a `${file(...)}` JS resolver. */
interface Resolver {
  resolveVariable(name: string): Promise<unknown>;
}

export class InvalidPlaybooksError extends Error {
  override readonly name = 'InvalidPlaybooksError';
}

let loaded: Promise<Playbook[]> | undefined;

/** Invalid playbooks fail the packaging, never a cold start. */
async function playbooks(): Promise<Playbook[]> {
  loaded ??= loadPlaybooks(['playbooks']).then(({ playbooks: valid, errors }) => {
    if (errors.length > 0)
      throw new InvalidPlaybooksError(
        `invalid playbooks:\n${errors.map((e) => e.message).join('\n')}`,
      );
    return valid;
  });
  return loaded;
}

const text = async (r: Resolver, name: string) => String(await r.resolveVariable(name));

/** `${file(./dist/stack.cjs):rules}`: the EventBridge rules, their permissions and the DLQ policy. */
export async function rules(r: Resolver) {
  return ruleResources(await playbooks(), {
    service: await text(r, 'self:service'),
    stage: await text(r, 'sls:stage'),
    eventBus: await text(r, 'param:eventBus'),
  });
}

/** `${file(./dist/stack.cjs):statements}`: the responder role's least-privilege statements. */
export async function statements(r: Resolver) {
  return roleStatements(await playbooks(), {
    memberRoleName: await text(r, 'param:memberRoleName'),
    responderRoleName: await text(r, 'self:custom.responderRoleName'),
    tableLogicalId: 'ParryRunsTable',
    topicLogicalId: 'ParryNotificationsTopic',
    keyLogicalId: 'ParryNotificationsKey',
    dlqLogicalId: DLQ_LOGICAL_ID,
  });
}

/** The member-account role template (infra/member-role.yml), from the same permissions. */
export async function memberRoleTemplate(): Promise<Record<string, unknown>> {
  const { memberRole } = await import('./member-role.js');
  return memberRole(await playbooks());
}
