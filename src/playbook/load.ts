import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PlaybookError } from './errors.js';
import { parsePlaybook } from './load-file.js';
import type { Playbook } from './types.js';

export interface LoadResult {
  playbooks: Playbook[];
  errors: PlaybookError[];
  files: string[];
}

/** `<name>.test.yml` beside a playbook holds its tests (`parry test`), not a playbook. */
export const isTestFile = (name: string) => /\.test\.ya?ml$/i.test(name);

const isPlaybookFile = (name: string) =>
  /\.ya?ml$/i.test(name) && !name.startsWith('.') && !isTestFile(name);

async function listFiles(path: string, depth = 0): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  if (depth > 16) return [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() && !e.name.startsWith('.')
        ? listFiles(join(path, e.name), depth + 1)
        : Promise.resolve(e.isFile() && isPlaybookFile(e.name) ? [join(path, e.name)] : []),
    ),
  );
  return nested.flat();
}

/**
 * Loads every playbook of files and folders (recursive: `*.yml`, `*.yaml`).
 * Every problem of every file is reported; names must be unique across all.
 * @example const { playbooks, errors } = await loadPlaybooks(['playbooks'])
 */
export async function loadPlaybooks(paths: string[]): Promise<LoadResult> {
  const errors: PlaybookError[] = [];
  const files: string[] = [];
  for (const path of paths) {
    try {
      const found = await listFiles(path);
      if (found.length === 0) {
        errors.push(
          new PlaybookError(
            { file: path, line: 1, col: 1 },
            'no playbook (*.yml, *.yaml) in this folder',
          ),
        );
      }
      files.push(...found);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file or folder'
          : String(error);
      errors.push(
        new PlaybookError({ file: path, line: 1, col: 1 }, reason, undefined, { cause: error }),
      );
    }
  }
  const playbooks: Playbook[] = [];
  const seen = new Map<string, Playbook>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const result = parsePlaybook(text, file);
    errors.push(...result.errors);
    const playbook = result.playbook;
    if (!playbook) continue;
    const first = seen.get(playbook.name);
    if (first) {
      errors.push(
        new PlaybookError(
          playbook.position,
          `duplicate playbook name "${playbook.name}" (first in ${first.file})`,
          'name',
        ),
      );
      continue;
    }
    seen.set(playbook.name, playbook);
    playbooks.push(playbook);
  }
  return { playbooks, errors, files };
}
