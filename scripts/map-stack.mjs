// `npm run map-stack < trace.txt`: a stack trace of the deployed Lambda, its frames mapped to
// parry's sources with the source maps the build left beside the zip (dist/lambda/**/*.map;
// the zip has none, and the function runs without --enable-source-maps). Build the same commit
// first (`npm run build`): the maps must be those of the deployed code.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const DIR = resolve(process.argv[2] ?? 'dist/lambda');
// `/var/task/dist/lambda/chunks/chunk-X.mjs:1:2345` or `file:///var/task/dist/lambda/respond.mjs:1:99`.
const FRAME = /(?:file:\/\/)?[^\s()]*?dist\/lambda\/([^\s():]+\.mjs):(\d+):(\d+)/g;
const maps = new Map();

function mapOf(file) {
  if (!maps.has(file)) {
    const path = join(DIR, `${file}.map`);
    maps.set(
      file,
      existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : undefined,
    );
  }
  return maps.get(file);
}

function original(file, line, column) {
  const entry = mapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry?.originalSource) return undefined;
  const source = resolve(dirname(join(DIR, file)), entry.originalSource.replace(/^file:\/\//, ''));
  return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

const text = readFileSync(0, 'utf8');
process.stdout.write(
  text.replace(
    FRAME,
    (frame, file, line, column) => original(file, Number(line), Number(column)) ?? frame,
  ),
);
