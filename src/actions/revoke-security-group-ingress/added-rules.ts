import type { EventBridgeEvent } from '../../event/envelope.js';
import { field, itemsField, stringField } from '../event-fields.js';
import { ActionInputError } from '../types.js';
import { isOpenCidr } from './cidr.js';

/** One rule the call added that admits the whole internet. */
export interface OpenRule {
  /** `sgr-...`; absent in records older than security group rule ids. */
  ruleId?: string;
  /** As the caller wrote it (`tcp`, `6`, `-1`). */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr: string;
  family: 'ipv4' | 'ipv6';
}

/** What one AuthorizeSecurityGroupIngress call added, as far as revoking is concerned. */
export interface AddedIngress {
  groupId: string;
  /** Whether every open rule carries its rule id (then rules are revoked by id). */
  byRuleId: boolean;
  open: OpenRule[];
  /** Rules the same call added that are not open (private CIDRs, groups, prefix lists): left alone. */
  keptCount: number;
}

const EVENT_NAME = 'AuthorizeSecurityGroupIngress';

/** CloudTrail writes ports as numbers, older records as strings (`"443"`). */
function portOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function protocolOf(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The response's `securityGroupRuleSet`: one item per added rule, with its id and single source. */
function fromRuleSet(items: unknown[]): { open: OpenRule[]; kept: number; complete: boolean } {
  const open: OpenRule[] = [];
  let kept = 0;
  let complete = true;
  for (const item of items) {
    if (field(item, 'isEgress') === true) continue;
    const v4 = stringField(item, 'cidrIpv4');
    const cidr = v4 ?? stringField(item, 'cidrIpv6');
    const protocol = protocolOf(field(item, 'ipProtocol'));
    if (cidr === undefined || !isOpenCidr(cidr) || protocol === undefined) {
      kept += 1;
      continue;
    }
    const ruleId = stringField(item, 'securityGroupRuleId');
    if (!ruleId) complete = false;
    open.push({
      ruleId,
      protocol,
      fromPort: portOf(field(item, 'fromPort')),
      toPort: portOf(field(item, 'toPort')),
      cidr,
      family: v4 ? 'ipv4' : 'ipv6',
    });
  }
  return { open, kept, complete };
}

/** The request's permissions, plus the legacy top-level `cidrIp` form. */
function permissionsOf(request: unknown): unknown[] {
  const listed = itemsField(request, 'ipPermissions');
  const legacyCidr = stringField(request, 'cidrIp');
  if (!legacyCidr) return listed;
  const legacy = {
    ipProtocol: field(request, 'ipProtocol'),
    fromPort: field(request, 'fromPort'),
    toPort: field(request, 'toPort'),
    ipRanges: { items: [{ cidrIp: legacyCidr }] },
  };
  return [...listed, legacy];
}

/** Records without rule ids: the open ranges of the request, each as its own rule. */
function fromRequest(request: unknown): { open: OpenRule[]; kept: number } {
  const open: OpenRule[] = [];
  let kept = 0;
  for (const permission of permissionsOf(request)) {
    const sources = [
      ...itemsField(permission, 'ipRanges').map((r) => ({
        cidr: stringField(r, 'cidrIp'),
        family: 'ipv4' as const,
      })),
      ...itemsField(permission, 'ipv6Ranges').map((r) => ({
        cidr: stringField(r, 'cidrIpv6'),
        family: 'ipv6' as const,
      })),
    ];
    kept +=
      itemsField(permission, 'groups').length + itemsField(permission, 'prefixListIds').length;
    for (const { cidr, family } of sources) {
      if (cidr === undefined || !isOpenCidr(cidr)) {
        kept += 1;
        continue;
      }
      const protocol = protocolOf(field(permission, 'ipProtocol'));
      if (protocol === undefined) {
        throw new ActionInputError(
          `the request opens ${cidr} without an ipProtocol: cannot build the revoke`,
        );
      }
      open.push({
        protocol,
        fromPort: portOf(field(permission, 'fromPort')),
        toPort: portOf(field(permission, 'toPort')),
        cidr,
        family,
      });
    }
  }
  return { open, kept };
}

/**
 * The rules an AuthorizeSecurityGroupIngress call added that are open to the
 * world. Rule ids come from the response; records older than rule ids give
 * only the request, whose open ranges are then revoked by their exact values.
 * @example addedIngress(openSshEvent).open[0]?.ruleId // 'sgr-48082a61ec1c5e789'
 */
export function addedIngress(event: EventBridgeEvent): AddedIngress {
  const detail = event.detail;
  const name = stringField(detail, 'eventName');
  if (name !== EVENT_NAME) {
    throw new ActionInputError(
      `revoke-security-group-ingress acts on ${EVENT_NAME} calls, not ${name ?? 'this event'}`,
    );
  }
  const response = field(detail, 'responseElements');
  if (response === null || typeof response !== 'object') {
    throw new ActionInputError(
      `the ${EVENT_NAME} record has no responseElements (the call failed or the record is incomplete): no added rule to revoke`,
    );
  }
  const request = field(detail, 'requestParameters');
  const ruleSet = itemsField(response, 'securityGroupRuleSet');
  const groupId =
    stringField(request, 'groupId') ??
    ruleSet.map((item) => stringField(item, 'groupId')).find((id) => id !== undefined);
  if (!groupId) {
    throw new ActionInputError('the event names no security group id (requestParameters.groupId)');
  }
  if (ruleSet.length > 0) {
    const fromSet = fromRuleSet(ruleSet);
    if (fromSet.complete) {
      return { groupId, byRuleId: true, open: fromSet.open, keptCount: fromSet.kept };
    }
  }
  const fromReq = fromRequest(request);
  return { groupId, byRuleId: false, open: fromReq.open, keptCount: fromReq.kept };
}
