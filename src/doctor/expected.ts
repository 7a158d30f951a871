import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPlaybooks, type Playbook, type PlaybookError } from '../playbook/index.js';
import { memberRole } from '../stack/member-role.js';
import { ruleLogicalId, ruleName, type StackNaming } from '../stack/names.js';
import { actionsInUse } from '../stack/policy.js';
import { parseTemplate } from './template.js';

export interface ExpectedRule {
  playbook: Playbook;
  logicalId: string;
  name: string;
}

/** What a deployment of the playbooks on disk must look like. */
export interface Expected {
  naming: StackNaming;
  playbooks: Playbook[];
  /** One per enabled playbook. */
  rules: ExpectedRule[];
  /** The IAM actions the enforce-mode playbooks need (the responder's and member role's). */
  permissions: string[];
  memberRoleTemplate: unknown;
  forwarderTemplate: unknown;
  /** Some enabled playbook answers CloudTrail events: member accounts must forward theirs. */
  needsForwarder: boolean;
  /** Some enabled playbook answers IAM, STS or sign-in events, which arrive in us-east-1 only. */
  needsUsEast1: boolean;
}

const onlyGuardDuty = (p: Playbook) => {
  const sources = (p.match.source as { source?: unknown }).source;
  return (
    Array.isArray(sources) && sources.length > 0 && sources.every((s) => s === 'aws.guardduty')
  );
};

const GLOBAL_EVENTS = /"aws\.(iam|sts|signin)"|"(iam|sts|signin)\.amazonaws\.com"/;

/**
 * The deployment the playbooks on disk (and `infra/`) call for.
 * @example const { expected, errors } = await expectedDeployment(naming, 'playbooks', 'infra')
 */
export async function expectedDeployment(
  naming: StackNaming,
  playbooksDir: string,
  infraDir: string,
): Promise<{ expected?: Expected; errors: PlaybookError[] }> {
  const { playbooks, errors } = await loadPlaybooks([playbooksDir], { naming });
  if (errors.length > 0) return { errors };
  const enabled = playbooks.filter((p) => p.enabled);
  return {
    errors: [],
    expected: {
      naming,
      playbooks,
      rules: enabled.map((playbook) => ({
        playbook,
        logicalId: ruleLogicalId(playbook.name),
        name: ruleName(naming, playbook.name),
      })),
      permissions: [...new Set(actionsInUse(playbooks).flatMap((a) => a.permissions))].sort(),
      memberRoleTemplate: JSON.parse(JSON.stringify(memberRole(playbooks))),
      forwarderTemplate: parseTemplate(
        await readFile(join(infraDir, 'forward-cloudtrail.yml'), 'utf8'),
      ),
      needsForwarder: enabled.some((p) => !onlyGuardDuty(p)),
      needsUsEast1: enabled.some((p) => GLOBAL_EVENTS.test(JSON.stringify(p.match.source))),
    },
  };
}
