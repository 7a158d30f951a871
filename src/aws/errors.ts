import type { AwsService } from './types.js';

interface SdkErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The AWS error code of an SDK error (`AccessDenied`, `InvalidGroup.NotFound`, ...). */
export function errorCode(error: unknown): string {
  const e = (error ?? {}) as SdkErrorShape;
  return e.Code ?? e.code ?? e.name ?? 'UnknownError';
}

/** One failed AWS call, with the action and the resource it was for. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  readonly code: string;
  constructor(
    readonly service: AwsService,
    readonly operation: string,
    readonly action: string,
    readonly target: string | undefined,
    cause: unknown,
  ) {
    const code = errorCode(cause);
    const detail = (cause as SdkErrorShape | undefined)?.message ?? String(cause);
    super(`${service} ${operation}${target ? ` on ${target}` : ''} failed: ${code}: ${detail}`, {
      cause,
    });
    this.code = code;
  }
}

/** Cross-account access could not be had: the member role is missing or does not trust parry. */
export class AssumeRoleError extends Error {
  override readonly name = 'AssumeRoleError';
  constructor(
    readonly roleArn: string,
    cause: unknown,
  ) {
    super(
      `cannot assume ${roleArn}: ${errorCode(cause)}: ${(cause as Error | undefined)?.message ?? ''}`,
      {
        cause,
      },
    );
  }
}
