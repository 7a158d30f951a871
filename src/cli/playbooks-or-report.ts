import { loadPlaybooks, type Playbook } from '../playbook/index.js';
import type { Io } from './io.js';

/**
 * Says which entries a playbook folder held that no command loads: dotfiles and dot-folders
 * (drafts kept aside), so that none is ignored without a word.
 * @example noteHidden(['playbooks/.draft.yml'], 'validate', io) // validate: skipped hidden playbooks/.draft.yml
 */
export function noteHidden(skipped: readonly string[], command: string, io: Io): void {
  for (const path of skipped) io.err(`${command}: skipped hidden ${path}\n`);
}

/**
 * The playbooks of a folder, or undefined once every problem was written to
 * stderr: a command never runs on playbooks that do not validate.
 * @example const playbooks = await playbooksOrReport('playbooks', 'replay', io)
 */
export async function playbooksOrReport(
  path: string,
  command: string,
  io: Io,
): Promise<Playbook[] | undefined> {
  const loaded = await loadPlaybooks([path]);
  noteHidden(loaded.skipped, command, io);
  if (loaded.errors.length === 0) return loaded.playbooks;
  for (const error of loaded.errors) io.err(`${error.message}\n`);
  io.err(`${command}: fix the playbooks first (parry validate ${path})\n`);
  return undefined;
}
