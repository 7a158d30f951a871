/**
 * The names the stack gives what it creates, in one place: the rule
 * generator, the collision checks of validate, the stage-param checks of
 * `npm run package` and `parry doctor` all use these, so what is checked is
 * what is deployed.
 *
 * IAM names are global to an account, so the responder role carries the stage
 * and the region. EventBridge rule names and event-bus policy statement ids
 * are unique per event bus, and a bus belongs to one account and one Region
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html),
 * so they carry the stage only: two stages share the `default` bus of a Region.
 */

/** What a stack is deployed as: `osls --stage <stage>`. */
export interface StackNaming {
  service: string;
  stage: string;
}

/** EventBridge rule names: at most 64 characters, `[\.\-_A-Za-z0-9]+` (PutRule, `Name`). */
export const RULE_NAME_MAX = 64;
/** IAM role names: at most 64 characters (CreateRole, `RoleName`). */
export const ROLE_NAME_MAX = 64;

export const DEFAULT_NAMING: StackNaming = { service: 'parry', stage: 'dev' };

/** `parry-dev`: the CloudFormation stack of a stage (osls names it so), one per Region. */
export const stackName = (n: StackNaming): string => `${n.service}-${n.stage}`;

/** `parry-prod-eu-west-1-responder`: one responder role per stage and Region. */
export const responderRoleName = (n: StackNaming, region: string): string =>
  `${n.service}-${n.stage}-${region}-responder`;

/** The rule of a playbook on the bus: `parry-prod-<playbook>`, cut at 64 characters. */
export const ruleName = (n: StackNaming, playbook: string): string =>
  `${n.service}-${n.stage}-${playbook}`.slice(0, RULE_NAME_MAX);

/** `quarantine-ec2` → `QuarantineEc2`: the CloudFormation logical id part of a playbook. */
export const pascal = (name: string): string =>
  name
    .split('-')
    .map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
    .join('');

export const ruleLogicalId = (playbook: string): string => `Rule${pascal(playbook)}`;
export const permissionLogicalId = (playbook: string): string => `Permission${pascal(playbook)}`;

/** The statement of the bus policy that lets the Organization put events: one per stage on a shared bus. */
export const busPolicyStatementId = (n: StackNaming): string =>
  `${n.service}-${n.stage}-organization-members`;

/** The StackSet of the member role (`infra/member-role.yml`): one per stage. */
export const memberRoleStackSetName = (n: StackNaming): string =>
  `${n.service}-${n.stage}-member-role`;

/**
 * The StackSet of the CloudTrail forwarder (`infra/forward-cloudtrail.yml`):
 * one per security account and bus, shared by the stages listening on it
 * (a second forwarder would deliver every event twice).
 */
export const FORWARDER_STACKSET = 'parry-forward-cloudtrail';

/** The inline policy osls gives the function role (`<service>-<stage>-lambda`). */
export const responderPolicyName = (n: StackNaming): string => `${n.service}-${n.stage}-lambda`;
