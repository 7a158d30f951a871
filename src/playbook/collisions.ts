import { DEFAULT_NAMING, ruleLogicalId, ruleName, type StackNaming } from '../stack/names.js';
import { PlaybookError } from './errors.js';
import type { Playbook } from './types.js';

export interface CollisionResult {
  /** The playbooks in order, without any that collides with an earlier one. */
  kept: Playbook[];
  errors: PlaybookError[];
}

export interface CollisionOptions {
  /** The stage whose rule names are checked (default `parry-dev`); false checks none. */
  ruleNames?: StackNaming | false | undefined;
}

interface Key {
  what: string;
  of: (p: Playbook) => string;
  /** How the error names the first playbook, and what to do. */
  note: (first: Playbook) => string;
  seen: Map<string, Playbook>;
}

/**
 * Names that must be unique across all playbooks: the playbook name (its
 * rule names it in every invocation), the CloudFormation logical id of its
 * rule (`x-1a` and `x1a` both give `RuleX1a`: one rule would silently
 * replace the other while both playbooks' permissions stay granted) and the
 * rule's name on the bus (cut at 64 characters, so long names sharing a
 * prefix collide at deploy time). The first playbook keeps the name; each
 * later one is an error at its `name`, naming the first.
 * @example findCollisions(playbooks, { ruleNames: { service: 'parry', stage: 'prod' } }).errors
 */
export function findCollisions(
  playbooks: readonly Playbook[],
  options: CollisionOptions = {},
): CollisionResult {
  const naming = options.ruleNames ?? DEFAULT_NAMING;
  const keys: Key[] = [
    {
      what: 'playbook name',
      of: (p) => p.name,
      note: (f) => ` (first in ${f.file})`,
      seen: new Map(),
    },
    {
      what: 'rule logical id',
      of: (p) => ruleLogicalId(p.name),
      note: (f) =>
        ` as "${f.name}" (first in ${f.file}): rename one (the stack would keep only one rule)`,
      seen: new Map(),
    },
  ];
  if (naming)
    keys.push({
      what: `rule name (stage ${naming.stage})`,
      of: (p) => ruleName(naming, p.name),
      note: (f) =>
        ` as "${f.name}" (first in ${f.file}): rename one (rule names are cut at 64 characters)`,
      seen: new Map(),
    });
  const kept: Playbook[] = [];
  const errors: PlaybookError[] = [];
  for (const playbook of playbooks) {
    const clash = keys.find((key) => key.seen.has(key.of(playbook)));
    const first = clash?.seen.get(clash.of(playbook));
    if (clash && first) {
      errors.push(
        new PlaybookError(
          playbook.position,
          `duplicate ${clash.what} "${clash.of(playbook)}"${clash.note(first)}`,
          'name',
        ),
      );
      continue;
    }
    for (const key of keys) key.seen.set(key.of(playbook), playbook);
    kept.push(playbook);
  }
  return { kept, errors };
}
