import type { z } from 'zod';

export interface FieldProblem {
  path: (string | number)[];
  message: string;
  /** Point at the key (unknown keys) rather than the value. */
  at: 'value' | 'key';
}

const allowedKeys = (schema: z.ZodType | undefined): string[] => {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
};

/**
 * Zod issues as one problem per field, in words a playbook author reads:
 * "required", "unknown key "stpo" (allowed: ...)".
 */
export function toProblems(error: z.ZodError, data: unknown, schema?: z.ZodType): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = path.length === 0 ? allowedKeys(schema) : [];
      const hint = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}"${hint}`,
        at: 'key',
      }));
    }
    const missing = issue.code === 'invalid_type' && valueAt(data, path) === undefined;
    return [{ path, message: missing ? 'required' : issue.message, at: 'value' }];
  });
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key))
      return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
