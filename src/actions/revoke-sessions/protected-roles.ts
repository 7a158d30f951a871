import type { Settings } from '../../settings.js';
import { ownRoleOf } from '../own-role.js';

/** A role as known: from the event when planning (path when its ARN is there), from GetRole when running. */
export interface RoleFacts {
  name: string;
  path?: string | undefined;
}

/**
 * Why parry must not revoke this role's sessions, or undefined.
 * - Service-linked roles: IAM refuses changes to them ("You cannot revoke the
 *   session for a service-linked role", IAM User Guide).
 * - IAM Identity Center roles (`AWSReservedSSO_*`): protected, only AWS may
 *   modify them, so PutRolePolicy would fail; Identity Center has its own procedure.
 * - parry's own roles (by name, any case, and account): revoking them would
 *   lock the responder out.
 * @example roleRefusal({ name: 'AWSServiceRoleForSupport' }, '1', settings) // 'service-linked role ...'
 */
export function roleRefusal(
  role: RoleFacts,
  account: string,
  settings: Settings,
): string | undefined {
  const { name, path = '' } = role;
  if (path.startsWith('/aws-service-role/') || name.startsWith('AWSServiceRole')) {
    return `${name} is a service-linked role: AWS manages it and IAM refuses to revoke its sessions`;
  }
  if (path.startsWith('/aws-reserved/sso.amazonaws.com/') || name.startsWith('AWSReservedSSO_')) {
    return `${name} is an IAM Identity Center role that only AWS may modify: revoke the user's access in IAM Identity Center (deny their user id in an SCP, remove their assignments, delete their sessions)`;
  }
  const own = ownRoleOf({ account, role: name }, settings);
  if (own === 'member role') {
    return `${name} is parry's member role: revoking its sessions would lock parry out`;
  }
  if (own === 'stack role') {
    return `${name} is parry's own role: revoking its sessions would lock parry out`;
  }
  return undefined;
}
