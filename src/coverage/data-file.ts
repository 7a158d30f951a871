import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (the folder with package.json), from the source tree or the bundle. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the project folder (package.json)');
    dir = up;
  }
  return dir;
}

/** A data file shipped with parry (`data/...`), as text. */
export const readDataFile = (relative: string): string =>
  readFileSync(join(projectRoot(), relative), 'utf8');
