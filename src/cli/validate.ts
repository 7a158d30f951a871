import { loadPlaybooks } from '../playbook/index.js';
import { EXIT_FAILURE, EXIT_OK, type Io } from './io.js';
import { noteHidden } from './playbooks-or-report.js';

/** `parry validate [paths...]`: every problem as `file:line:col: message`. */
export async function validateCommand(paths: string[], io: Io): Promise<number> {
  const { playbooks, errors, files, skipped } = await loadPlaybooks(
    paths.length > 0 ? paths : ['playbooks'],
  );
  noteHidden(skipped, 'validate', io);
  for (const error of errors) io.err(`${error.message}\n`);
  const enabled = playbooks.filter((p) => p.enabled).length;
  const verdict =
    errors.length > 0 ? `${errors.length} problem${errors.length === 1 ? '' : 's'}` : 'ok';
  io.out(
    `${files.length} file(s), ${playbooks.length} valid playbook(s) (${enabled} enabled): ${verdict}\n`,
  );
  return errors.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
