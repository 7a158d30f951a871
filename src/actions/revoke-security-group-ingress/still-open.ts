import type { OpenRule } from './added-rules.js';
import { isOpenCidr } from './cidr.js';
import { isAllProtocols, sameProtocol } from './protocol.js';

/** The fields of EC2's SecurityGroupRule this needs. */
export interface CurrentRule {
  SecurityGroupRuleId?: string;
  IsEgress?: boolean;
  CidrIpv4?: string;
  CidrIpv6?: string;
}

/** The fields of EC2's IpPermission this needs. */
export interface CurrentPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string }[];
}

/** Where each added open rule stands now. */
export interface RuleStates {
  /** Still there and still open: to revoke. */
  open: OpenRule[];
  /** No longer in the group: already revoked. */
  gone: OpenRule[];
  /** Same rule id, but its source was changed to something narrower: left alone. */
  narrowed: OpenRule[];
}

/**
 * Sorts rules known by id against DescribeSecurityGroupRules' answer.
 * @example byRuleId([sshRule], []).gone // [sshRule]
 */
export function byRuleId(rules: OpenRule[], current: CurrentRule[]): RuleStates {
  const states: RuleStates = { open: [], gone: [], narrowed: [] };
  for (const rule of rules) {
    const now = current.find((c) => c.SecurityGroupRuleId === rule.ruleId);
    if (!now) states.gone.push(rule);
    else if (now.IsEgress !== true && isOpenCidr(now.CidrIpv4 ?? now.CidrIpv6))
      states.open.push(rule);
    else states.narrowed.push(rule);
  }
  return states;
}

const samePorts = (rule: OpenRule, p: CurrentPermission): boolean =>
  isAllProtocols(rule.protocol) ||
  ((rule.fromPort ?? -1) === (p.FromPort ?? -1) && (rule.toPort ?? -1) === (p.ToPort ?? -1));

const hasRange = (rule: OpenRule, p: CurrentPermission): boolean =>
  rule.family === 'ipv4'
    ? (p.IpRanges ?? []).some((r) => r.CidrIp === rule.cidr)
    : (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === rule.cidr);

/**
 * Sorts rules known only by value against the group's IpPermissions. A rule
 * cannot exist twice in a group, so a match is the rule the call added.
 * @example byPermission([sshRule], group.IpPermissions).open
 */
export function byPermission(rules: OpenRule[], current: CurrentPermission[]): RuleStates {
  const states: RuleStates = { open: [], gone: [], narrowed: [] };
  for (const rule of rules) {
    const present = current.some(
      (p) =>
        p.IpProtocol !== undefined &&
        sameProtocol(rule.protocol, p.IpProtocol) &&
        samePorts(rule, p) &&
        hasRange(rule, p),
    );
    (present ? states.open : states.gone).push(rule);
  }
  return states;
}
