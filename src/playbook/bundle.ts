import type { Playbook, PlaybookAction } from './types.js';

/** One action of a bundled playbook: as written, plus its params as checked when nothing is templated. */
export type BundledAction = Pick<
  PlaybookAction,
  'index' | 'type' | 'onError' | 'source' | 'line'
> & {
  /** Absent when a template fills some param in: then they are checked once rendered. */
  checked?: unknown;
};

/**
 * A validated playbook as plain JSON data, embedded in the Lambda by the
 * build: the Lambda compiles its patterns and templates again, but parses no
 * YAML and checks no schema (the build did, with the full one).
 */
export type BundledPlaybook = Pick<
  Playbook,
  | 'name'
  | 'description'
  | 'enabled'
  | 'mode'
  | 'rerunOnSeverityIncrease'
  | 'readOnlyEvents'
  | 'file'
  | 'position'
> & {
  /** The patterns as written (`CompiledPattern.source`). */
  match: unknown;
  unless: unknown[];
  actions: BundledAction[];
};

/**
 * The bundled form of a loaded playbook (its `tests:` are left out: the responder ignores them).
 * @example JSON.stringify(playbooks.map(toBundled))
 */
export function toBundled(playbook: Playbook): BundledPlaybook {
  return {
    name: playbook.name,
    ...(playbook.description === undefined ? {} : { description: playbook.description }),
    enabled: playbook.enabled,
    mode: playbook.mode,
    rerunOnSeverityIncrease: playbook.rerunOnSeverityIncrease,
    readOnlyEvents: playbook.readOnlyEvents,
    file: playbook.file,
    position: playbook.position,
    match: playbook.match.source,
    unless: playbook.unless.map((p) => p.source),
    actions: playbook.actions.map((a) => ({
      index: a.index,
      type: a.type,
      onError: a.onError,
      source: a.source,
      line: a.line,
      ...('checked' in a.check ? { checked: a.check.checked } : {}),
    })),
  };
}
