/** The error name the SDK gives a service error (`AccessDeniedException`, `ValidationError`, ...). */
export const errorName = (error: unknown): string =>
  (error as { name?: string } | null)?.name ?? 'Error';

/** One line for a failed call: its error name and message. */
export function describeError(error: unknown): string {
  const message = (error as { message?: string } | null)?.message ?? String(error);
  const name = errorName(error);
  const line = message.split('\n')[0] ?? '';
  return line.startsWith(name) || line === '' ? name : `${name}: ${line}`;
}

const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|Forbidden/;

/** Whether the caller may not make the call (so nothing is known about what it would show). */
export const isDenied = (error: unknown): boolean => DENIED.test(errorName(error));
