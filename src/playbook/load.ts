import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackNaming } from '../stack/names.js';
import { findCollisions } from './collisions.js';
import { PlaybookError } from './errors.js';
import { parsePlaybook } from './load-file.js';
import type { Playbook } from './types.js';

/** A playbook file as read: what validate checked is exactly what the Lambda bundle embeds. */
export interface PlaybookSource {
  file: string;
  text: string;
}

export interface LoadResult {
  playbooks: Playbook[];
  errors: PlaybookError[];
  files: string[];
  sources: PlaybookSource[];
  /** Dotfiles and dot-folders found and never loaded (editor drafts, `.git`). */
  skipped: string[];
}

export interface LoadOptions {
  /** The stage the rule names are checked for (default `parry`/`dev`). */
  naming?: StackNaming;
}

/** `<name>.test.yml` beside a playbook holds its tests (`parry test`), not a playbook. */
export const isTestFile = (name: string) => /\.test\.ya?ml$/i.test(name);

const isYaml = (name: string) => /\.ya?ml$/i.test(name);
const MAX_DEPTH = 16;

interface Listing {
  files: string[];
  skipped: string[];
}

async function walk(path: string, depth: number, into: Listing): Promise<void> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    into.files.push(path);
    return;
  }
  if (depth > MAX_DEPTH) return;
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const e of entries) {
    const child = join(path, e.name);
    if (e.name.startsWith('.')) {
      if (e.isDirectory() || isYaml(e.name)) into.skipped.push(child);
    } else if (e.isDirectory()) await walk(child, depth + 1, into);
    else if (e.isFile() && isYaml(e.name) && !isTestFile(e.name)) into.files.push(child);
  }
}

/**
 * The one list of playbook files, for validate, the Lambda bundle and the
 * stack's rules: `*.yml`/`*.yaml` of files and folders (recursive), sorted,
 * dotfiles and dot-folders skipped (and listed as skipped). A path named
 * directly is always read.
 * @example (await listPlaybookFiles(['playbooks'])).files
 */
export async function listPlaybookFiles(
  paths: readonly string[],
): Promise<Listing & { errors: PlaybookError[] }> {
  const listing: Listing = { files: [], skipped: [] };
  const errors: PlaybookError[] = [];
  for (const path of paths) {
    try {
      const before = listing.files.length;
      await walk(path, 0, listing);
      if (listing.files.length === before) {
        errors.push(
          new PlaybookError(
            { file: path, line: 1, col: 1 },
            'no playbook (*.yml, *.yaml) in this folder',
          ),
        );
      }
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
  return { ...listing, errors };
}

/**
 * Loads every playbook of files and folders (see `listPlaybookFiles`).
 * Every problem of every file is reported; names, rule logical ids and rule
 * names must be unique across all (`findCollisions`).
 * @example const { playbooks, errors } = await loadPlaybooks(['playbooks'])
 */
export async function loadPlaybooks(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const { files, skipped, errors } = await listPlaybookFiles(paths);
  const sources: PlaybookSource[] = [];
  const parsed: Playbook[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    sources.push({ file, text });
    const result = parsePlaybook(text, file);
    errors.push(...result.errors);
    if (result.playbook) parsed.push(result.playbook);
  }
  const { kept, errors: collisions } = findCollisions(parsed, { ruleNames: options.naming });
  errors.push(...collisions);
  return { playbooks: kept, errors, files, sources, skipped };
}
