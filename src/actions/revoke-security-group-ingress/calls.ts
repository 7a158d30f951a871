import type { PlannedCall } from '../types.js';
import type { OpenRule } from './added-rules.js';
import { isAllProtocols } from './protocol.js';

/** A planned EC2 call whose input keeps its type, so `execute` sends exactly what `plan` shows. */
export interface Ec2Call<I extends Record<string, unknown>> extends PlannedCall {
  service: 'EC2';
  input: I;
}

const ec2Call = <I extends Record<string, unknown>>(
  operation: string,
  input: I,
  condition?: string,
): Ec2Call<I> => ({ service: 'EC2', operation, input, ...(condition ? { condition } : {}) });

/** The IpPermission shape EC2 takes. */
export type IpPermissionInput = {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string }[];
  Ipv6Ranges?: { CidrIpv6: string }[];
};

export type RevokeInput =
  | { GroupId: string; SecurityGroupRuleIds: string[] }
  | { GroupId: string; IpPermissions: IpPermissionInput[] };

/**
 * The group's tags and, for records without rule ids, its current rules.
 * @example describeGroupCall('sg-1').input // { GroupIds: ['sg-1'] }
 */
export const describeGroupCall = (groupId: string) =>
  ec2Call('DescribeSecurityGroups', { GroupIds: [groupId] });

/**
 * Filters rather than `SecurityGroupRuleIds`: a rule already revoked is then
 * absent from the answer instead of failing the whole call.
 * @example describeRulesCall('sg-1', ['sgr-1']).input.Filters[1] // { Name: 'security-group-rule-id', Values: ['sgr-1'] }
 */
export const describeRulesCall = (groupId: string, ruleIds: string[], condition?: string) =>
  ec2Call(
    'DescribeSecurityGroupRules',
    {
      Filters: [
        { Name: 'group-id', Values: [groupId] },
        { Name: 'security-group-rule-id', Values: ruleIds },
      ],
    },
    condition,
  );

/** `sgr-1 (tcp 22-22 from 0.0.0.0/0)`: how reports name a rule. */
export function ruleLabel(rule: OpenRule): string {
  const what = isAllProtocols(rule.protocol)
    ? 'all traffic'
    : `${rule.protocol} ${rule.fromPort ?? '-1'}-${rule.toPort ?? '-1'}`;
  const source = `${what} from ${rule.cidr}`;
  return rule.ruleId ? `${rule.ruleId} (${source})` : source;
}

/** One permission per range, as the caller wrote protocol and ports: EC2 matches them exactly. */
function permissionOf(rule: OpenRule): IpPermissionInput {
  const ports = isAllProtocols(rule.protocol)
    ? {}
    : {
        ...(rule.fromPort === undefined ? {} : { FromPort: rule.fromPort }),
        ...(rule.toPort === undefined ? {} : { ToPort: rule.toPort }),
      };
  const range =
    rule.family === 'ipv4'
      ? { IpRanges: [{ CidrIp: rule.cidr }] }
      : { Ipv6Ranges: [{ CidrIpv6: rule.cidr }] };
  return { IpProtocol: rule.protocol, ...ports, ...range };
}

/**
 * Revokes exactly these rules: by rule id when the event gave ids, else by
 * their exact protocol, ports and CIDR.
 * @example revokeCall('sg-1', [{ ruleId: 'sgr-1', protocol: 'tcp', cidr: '0.0.0.0/0', family: 'ipv4' }]).input
 * // { GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-1'] }
 */
export function revokeCall(groupId: string, rules: OpenRule[], condition?: string) {
  const ids = rules.flatMap((r) => (r.ruleId ? [r.ruleId] : []));
  const input: RevokeInput =
    ids.length === rules.length
      ? { GroupId: groupId, SecurityGroupRuleIds: ids }
      : { GroupId: groupId, IpPermissions: rules.map(permissionOf) };
  return ec2Call('RevokeSecurityGroupIngress', input, condition);
}
