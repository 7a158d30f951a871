import { type Playbook, parsePlaybook } from '../playbook/index.js';

export interface PlaybookSource {
  file: string;
  text: string;
}

/** Raised when a bundled playbook is invalid: the build validates them, so this means a broken build. */
export class BundledPlaybookError extends Error {
  override readonly name = 'BundledPlaybookError';
}

/**
 * Parses and compiles the playbooks embedded at build time, once per cold start.
 * @example const playbooks = compileBundled(PLAYBOOKS)
 */
export function compileBundled(sources: readonly PlaybookSource[]): Playbook[] {
  return sources.map((source) => {
    const { playbook, errors } = parsePlaybook(source.text, source.file);
    if (!playbook) throw new BundledPlaybookError(errors.map((e) => e.message).join('\n'));
    return playbook;
  });
}
