import { type BundledPlaybook, toBundled } from '../playbook/bundle.js';
import { type LoadResult, loadPlaybooks, type Playbook } from '../playbook/index.js';
import type { StackNaming } from './names.js';
import { roleStatements } from './role.js';
import { DLQ_LOGICAL_ID, ruleResources } from './rules.js';
import { checkDeployment, checkStageParams, STAGE_PARAM_NAMES } from './stage-params.js';

/** What osls passes to a `${file(...)}` JS resolver. */
interface Resolver {
  options?: { param?: readonly string[] | null; stage?: string | null };
  resolveVariable(name: string): Promise<unknown>;
  resolveConfigurationProperty?(path: string[]): Promise<unknown>;
}

export class InvalidPlaybooksError extends Error {
  override readonly name = 'InvalidPlaybooksError';
}

/**
 * An error osls prints as one line: it shows a resolver's `stack`, so the
 * stack is the message. `npm run package` finds the `parry:` line in osls's
 * output and prints just that.
 */
const oneLine = (error: Error): Error => {
  error.stack = `parry: ${error.message}`;
  return error;
};

const PLAYBOOKS = ['playbooks'];
const loads = new Map<string, Promise<Playbook[]>>();

/** Invalid playbooks (and rule names that collide for this stage) fail the packaging, never a cold start. */
function playbooks(naming: StackNaming): Promise<Playbook[]> {
  const key = `${naming.service}/${naming.stage}`;
  let loaded = loads.get(key);
  if (!loaded) {
    loaded = loadPlaybooks(PLAYBOOKS, { naming }).then(({ playbooks: valid, errors }) => {
      if (errors.length > 0)
        throw oneLine(
          new InvalidPlaybooksError(
            `invalid playbooks:\n${errors.map((e) => e.message).join('\n')}`,
          ),
        );
      return valid;
    });
    loads.set(key, loaded);
  }
  return loaded;
}

const text = async (r: Resolver, name: string) => String(await r.resolveVariable(name));

async function namingOf(r: Resolver): Promise<StackNaming> {
  return { service: await text(r, 'self:service'), stage: await text(r, 'sls:stage') };
}

/**
 * `${file(./dist/stack.cjs):params}`: the stage, Region and stage params,
 * checked at package time. Unknown params are errors too: osls ignores them.
 */
export async function params(r: Resolver) {
  try {
    const naming = await namingOf(r);
    checkDeployment(naming, await text(r, 'self:provider.region'));
    const config = ((await r.resolveConfigurationProperty?.(['params'])) ?? {}) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    const given = [
      ...(r.options?.param ?? []).map((p) => p.split('=')[0] ?? p),
      ...Object.keys(config.default ?? {}),
      ...Object.keys(config[naming.stage] ?? {}),
    ];
    const values = Object.fromEntries(
      await Promise.all(
        STAGE_PARAM_NAMES.map(async (name) => [name, await r.resolveVariable(`param:${name}`)]),
      ),
    );
    return checkStageParams(values, [...new Set(given)]);
  } catch (error) {
    throw error instanceof Error ? oneLine(error) : error;
  }
}

/** `${file(./dist/stack.cjs):rules}`: the EventBridge rules, their permissions and the DLQ policy. */
export async function rules(r: Resolver) {
  const naming = await namingOf(r);
  return ruleResources(await playbooks(naming), {
    ...naming,
    eventBus: await text(r, 'param:eventBus'),
  });
}

/** `${file(./dist/stack.cjs):statements}`: the responder role's least-privilege statements. */
export async function statements(r: Resolver) {
  const naming = await namingOf(r);
  const organizationId = await text(r, 'param:organizationId');
  return roleStatements(await playbooks(naming), {
    memberRoleName: await text(r, 'param:memberRoleName'),
    responderRolePattern: `${naming.service}-${naming.stage}-*-responder`,
    organizationId: organizationId === '' ? undefined : organizationId,
    tableLogicalId: 'ParryRunsTable',
    topicLogicalId: 'ParryNotificationsTopic',
    keyLogicalId: 'ParryNotificationsKey',
    dlqLogicalId: DLQ_LOGICAL_ID,
  });
}

/** The member-account role template (infra/member-role.yml), from the same permissions. */
export async function memberRoleTemplate(): Promise<Record<string, unknown>> {
  const { memberRole } = await import('./member-role.js');
  const { DEFAULT_NAMING } = await import('./names.js');
  return memberRole(await playbooks(DEFAULT_NAMING));
}

/**
 * For scripts/build-lambda.mjs: the playbook files exactly as validate lists
 * and checks them, validated with the full schemas and given as the JSON
 * data the bundle embeds (`toBundled`), so it embeds what was validated and
 * nothing else.
 */
export async function bundlePlaybooks(
  dir = 'playbooks',
): Promise<Omit<LoadResult, 'playbooks'> & { playbooks: BundledPlaybook[] }> {
  const loaded = await loadPlaybooks([dir]);
  return { ...loaded, playbooks: loaded.playbooks.map(toBundled) };
}
