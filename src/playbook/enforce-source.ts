import type { FieldPath } from './locate.js';

/** What validate reports when an enforce-mode playbook could act on events anyone can send. */
export interface SourceProblem {
  path: FieldPath;
  message: string;
}

const AWS = 'aws.';

const WHY =
  'an enforce-mode playbook must pin match.source to AWS sources (aws.*): any principal the bus lets call PutEvents can send a custom event with any other source, and parry acts only on events AWS produced';

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * One value of a `source` list that only an AWS event can match: an exact
 * `aws.…` string, or a `prefix` / `wildcard` whose fixed start is `aws.`.
 * Anything else (`anything-but`, `equals-ignore-case`, `exists`, ...) lets a
 * custom source through.
 */
function pinsToAws(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith(AWS);
  const operator = asObject(value);
  if (!operator || Object.keys(operator).length !== 1) return false;
  const prefix = operator.prefix;
  if (typeof prefix === 'string') return prefix.startsWith(AWS);
  const wildcard = operator.wildcard;
  if (typeof wildcard === 'string') return wildcard.split('*')[0]?.startsWith(AWS) === true;
  return false;
}

function listProblem(source: unknown, at: FieldPath): SourceProblem | undefined {
  const values = Array.isArray(source) ? source : [source];
  const bad = values.findIndex((v) => !pinsToAws(v));
  if (values.length > 0 && bad === -1) return undefined;
  const where = Array.isArray(source) && bad >= 0 ? [...at, 'source', bad] : [...at, 'source'];
  return { path: where, message: WHY };
}

/** `$or` branches are alternatives: each must pin the source itself. */
function branchesProblem(branches: unknown[], at: FieldPath): SourceProblem | undefined {
  for (const [i, branch] of branches.entries()) {
    const object = asObject(branch);
    const problem = object
      ? sourceProblem(object, [...at, '$or', i])
      : { path: [...at, '$or', i], message: WHY };
    if (problem) return problem;
  }
  return undefined;
}

function sourceProblem(pattern: Record<string, unknown>, at: FieldPath): SourceProblem | undefined {
  if (Object.hasOwn(pattern, 'source')) return listProblem(pattern.source, at);
  const branches = pattern.$or;
  if (Array.isArray(branches) && branches.length > 0) return branchesProblem(branches, at);
  return { path: at, message: `${WHY}; this match has no source` };
}

/**
 * Why an enforce-mode playbook may not be loaded as written, or undefined:
 * its `match` must let only AWS events through.
 * @example enforceSourceProblem({ mode: 'enforce', match: { source: ['evil.app'] } }) // { path: ['match', 'source', 0], ... }
 */
export function enforceSourceProblem(playbook: {
  mode: string;
  match: unknown;
}): SourceProblem | undefined {
  if (playbook.mode !== 'enforce') return undefined;
  const match = asObject(playbook.match);
  return match ? sourceProblem(match, ['match']) : { path: ['match'], message: WHY };
}
