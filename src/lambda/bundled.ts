import {
  findCollisions,
  type Playbook,
  type PlaybookSource,
  parsePlaybook,
} from '../playbook/index.js';

/** Raised when a bundled playbook is invalid: the build validates them, so this means a broken build. */
export class BundledPlaybookError extends Error {
  override readonly name = 'BundledPlaybookError';
}

/**
 * Parses and compiles the playbooks embedded at build time, once per cold start.
 * @example const playbooks = compileBundled(PLAYBOOKS)
 */
export function compileBundled(sources: readonly PlaybookSource[]): Playbook[] {
  const playbooks = sources.map((source) => {
    const { playbook, errors } = parsePlaybook(source.text, source.file);
    if (!playbook) throw new BundledPlaybookError(errors.map((e) => e.message).join('\n'));
    return playbook;
  });
  // Validate's uniqueness rules (the stage is not known here, so not the rule names).
  const { errors } = findCollisions(playbooks, { ruleNames: false });
  if (errors.length > 0) throw new BundledPlaybookError(errors.map((e) => e.message).join('\n'));
  return playbooks;
}
