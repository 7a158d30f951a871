import type { z } from 'zod';
import { describeValue, quote, typeWord } from '../text/describe-value.js';
import { closestWord } from '../text/similar.js';

export interface FieldProblem {
  path: (string | number)[];
  message: string;
  /** Point at the key (unknown keys) rather than the value. */
  at: 'value' | 'key';
}

type Issue = z.core.$ZodIssue;
type Path = (string | number)[];

const allowedKeys = (schema: z.ZodType | undefined): string[] => {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
};

interface SchemaDef {
  type?: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType | undefined): SchemaDef =>
  (schema as unknown as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def ?? {};

/** The schema of the value at `path`: through optional and default wrappers, lists and objects. */
const schemaAt = (schema: z.ZodType | undefined, path: Path): z.ZodType | undefined => {
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    let current = s;
    while (['optional', 'default', 'nullable', 'readonly'].includes(defOf(current).type ?? '')) {
      current = defOf(current).innerType;
    }
    return current;
  };
  let current = unwrap(schema);
  for (const key of path) {
    const def = defOf(current);
    current = unwrap(typeof key === 'number' ? def.element : def.shape?.[key]);
  }
  return current;
};

/** `unknown key "stpo"; did you mean "stop"?` or `... (allowed: a, b)`. */
function unknownKey(key: string, allowed: readonly string[]): string {
  const near = closestWord(key, allowed);
  if (near) return `unknown key "${key}"; did you mean "${near}"?`;
  return allowed.length > 0
    ? `unknown key "${key}" (allowed: ${allowed.join(', ')})`
    : `unknown key "${key}"`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function sizeMessage(issue: Issue & { code: 'too_small' | 'too_big' }, got: unknown): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = small ? 'at least' : 'at most';
  switch (issue.origin) {
    case 'array':
      return `needs ${bound} ${plural(limit, 'item')}${Array.isArray(got) ? `, has ${got.length}` : ''}`;
    case 'string':
      if (small && limit === 1) return 'must not be empty';
      return `must be ${bound} ${plural(limit, 'character')} long`;
    default:
      return `must be ${small ? '>=' : '<='} ${limit}, got ${describeValue(got)}`;
  }
}

/** The expected types of a union whose every branch failed on the type alone. */
function unionMessage(issue: Issue & { code: 'invalid_union' }, data: unknown, path: Path): string {
  const got = valueAt(data, path);
  const branches = issue.errors;
  const typeOnly = branches.every((b) => b.length === 1 && b[0]?.code === 'invalid_type');
  if (typeOnly) {
    const expected = branches.map((b) => typeWord(String((b[0] as { expected: string }).expected)));
    return `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(got)}`;
  }
  // The branch that got furthest says what is wrong.
  const deepest = branches
    .filter((b) => !(b.length === 1 && b[0]?.code === 'invalid_type'))
    .flat()
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!deepest) return issue.message;
  const inner = deepest.path.filter((k): k is string | number => typeof k !== 'symbol');
  const where = inner.length > 0 ? `${inner.join('.')}: ` : '';
  return `${where}${describeIssue(deepest, data, [...path, ...inner])}`;
}

/**
 * One zod issue in the words of a playbook author: what was expected and what
 * was found, never the library's phrasing of it.
 * @example describeIssue(issue, { enabled: 'yes' }, ['enabled']) // 'expected a boolean (true or false), got the string "yes"'
 */
export function describeIssue(issue: Issue, data: unknown, path: Path): string {
  const got = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined
        ? 'required'
        : `expected ${typeWord(String(issue.expected))}, got ${describeValue(got)}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => (typeof v === 'string' ? quote(v) : String(v)));
      const near = typeof got === 'string' ? closestWord(got, issue.values.map(String)) : undefined;
      const hint = near ? `; did you mean "${near}"?` : '';
      return `expected one of ${options.join(', ')}, got ${describeValue(got)}${hint}`;
    }
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue, got);
    case 'invalid_union':
      return unionMessage(issue, data, path);
    case 'invalid_format':
      return issue.message.startsWith('Invalid')
        ? `${describeValue(got)} is not ${issue.format === 'regex' ? `of the form ${issue.pattern}` : `a valid ${issue.format}`}`
        : issue.message;
    default:
      return issue.message;
  }
}

/**
 * Zod issues as one problem per field, in words a playbook author reads:
 * "required", `unknown key "stpo"; did you mean "stop"?`.
 */
export function toProblems(error: z.ZodError, data: unknown, schema?: z.ZodType): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schemaAt(schema, path));
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: unknownKey(key, allowed),
        at: 'key',
      }));
    }
    return [{ path, message: describeIssue(issue, data, path), at: 'value' }];
  });
}

export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key))
      return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
