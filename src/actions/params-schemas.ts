import type { z } from 'zod';
import { blockS3PublicAccessParams } from './block-s3-public-access/params.js';
import { disableAccessKeyParams } from './disable-access-key/params.js';
import { emitEventParams } from './emit-event/params.js';
import { notifyParams } from './notify/params.js';
import { quarantineParams } from './quarantine-instance/params.js';
import { quarantineUserParams } from './quarantine-user/params.js';
import { revokeIngressParams } from './revoke-security-group-ingress/params.js';
import { revokeSessionsParams } from './revoke-sessions/params.js';
import { startLoggingParams } from './start-logging/params.js';
import { tagParams } from './tag/params.js';

/** Each action's params schema by type, without the rest of its definition (see behaviours.ts). */
export const PARAMS_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'quarantine-instance': quarantineParams,
  'disable-access-key': disableAccessKeyParams,
  'revoke-sessions': revokeSessionsParams,
  'quarantine-user': quarantineUserParams,
  'revoke-security-group-ingress': revokeIngressParams,
  'start-logging': startLoggingParams,
  'block-s3-public-access': blockS3PublicAccessParams,
  tag: tagParams,
  notify: notifyParams,
  'emit-event': emitEventParams,
};
