import { createReadStream, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { classify } from './classify.js';
import { oneLine } from './errors.js';
import { parseDocuments } from './json.js';
import { DEFAULT_MAX_BYTES, type IntakeItem, type ReadOptions } from './types.js';

/** The name `source` gives standard input. */
export const STDIN_SOURCE = '<stdin>';

// Inside directories only these are read; a file named explicitly always is.
const READABLE_IN_DIRECTORY = /\.(json|jsonl|gz)$/i;
const JSON_LINES = /\.jsonl(\.gz)?$/i;

/**
 * Reads files, directories (recursively, in a stable sorted order, skipping
 * hidden entries and files other than .json, .jsonl and .gz) and `-` for
 * standard input, and yields one item per event, record or problem. Bad input
 * never throws: it yields an `error` item and reading goes on.
 *
 * @example
 * for await (const item of readInputs(['samples/', 'trail.json.gz', '-'])) {
 *   if (item.kind === 'event') await replay(item.event);
 *   else if (item.kind === 'error') console.error(`${item.source}: ${item.error}`);
 * }
 */
export async function* readInputs(
  paths: string[],
  options: ReadOptions = {},
): AsyncGenerator<IntakeItem> {
  const limits: Limits = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    readOnly: options.readOnly ?? false,
  };
  for (const path of paths) {
    if (path === '-') {
      const stdin = options.stdin ?? process.stdin;
      yield* itemsOf(STDIN_SOURCE, false, () => readLimited(stdin, limits.maxBytes), limits);
      continue;
    }
    yield* readPath(path, limits);
  }
}

/** How much may be read, and whether read-only records are wrapped (see ReadOptions). */
interface Limits {
  maxBytes: number;
  readOnly: boolean;
}

async function* readPath(path: string, limits: Limits): AsyncGenerator<IntakeItem> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (error) {
    yield errorItem(path, cannotRead(error));
    return;
  }
  if (stats.isDirectory()) {
    let found = false;
    for await (const item of walk(path, path, limits, new Set())) {
      found = true;
      yield item;
    }
    // Otherwise naming a directory of the wrong files would print nothing at all.
    if (!found) yield errorItem(path, 'no .json, .jsonl or .gz files in this directory');
    return;
  }
  yield* readFile(path, path, limits, stats.isFile() ? stats.size : undefined);
}

async function* walk(
  directory: string,
  shownAs: string,
  limits: Limits,
  visited: Set<string>,
): AsyncGenerator<IntakeItem> {
  let entries: Dirent[];
  try {
    // Symlinked directories could lead back up the tree.
    const real = await realpath(directory);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    yield errorItem(shownAs, cannotRead(error));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    const name = `${shownAs.replace(/[\\/]+$/, '')}${sep}${entry.name}`;
    const found = await lookAt(path, entry);
    if ('error' in found) yield errorItem(name, found.error);
    else if (found.kind === 'directory') yield* walk(path, name, limits, visited);
    else if (found.kind === 'file' && READABLE_IN_DIRECTORY.test(entry.name)) {
      yield* readFile(path, name, limits, found.size);
    }
  }
}

type Found = { kind: 'directory' | 'other' } | { kind: 'file'; size: number } | { error: string };

/** What a directory entry is, following symbolic links. */
async function lookAt(path: string, entry: Dirent): Promise<Found> {
  if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) return { kind: 'other' };
  if (entry.isDirectory()) return { kind: 'directory' };
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) return { kind: 'directory' };
    return stats.isFile() ? { kind: 'file', size: stats.size } : { kind: 'other' };
  } catch (error) {
    return { error: cannotRead(error) };
  }
}

function readFile(
  path: string,
  shownAs: string,
  limits: Limits,
  size: number | undefined,
): AsyncGenerator<IntakeItem> {
  return itemsOf(
    shownAs,
    JSON_LINES.test(path),
    async () => {
      // The size on disk is known for regular files; FIFOs and devices are
      // bounded while reading.
      if (size !== undefined && size > limits.maxBytes) return tooLarge;
      return readLimited(createReadStream(path), limits.maxBytes);
    },
    limits,
  );
}

const tooLarge = Symbol('too large');
type Limited = Buffer | typeof tooLarge;

async function* itemsOf(
  source: string,
  jsonLines: boolean,
  read: () => Promise<Limited>,
  { maxBytes, readOnly }: Limits,
): AsyncGenerator<IntakeItem> {
  let text: string;
  try {
    const raw = await read();
    if (raw === tooLarge) {
      yield errorItem(source, `larger than the ${formatBytes(maxBytes)} limit`);
      return;
    }
    const decoded = await decode(raw, maxBytes);
    if (typeof decoded !== 'string') {
      yield errorItem(source, decoded.error);
      return;
    }
    text = decoded;
  } catch (error) {
    yield errorItem(source, cannotRead(error));
    return;
  }
  if (text.trim() === '') {
    yield errorItem(source, source === STDIN_SOURCE ? 'empty input' : 'empty file');
    return;
  }
  for (const document of parseDocuments(text, source, { lines: jsonLines })) {
    if ('error' in document) yield errorItem(document.source, document.error);
    else yield* classify(document.value, document.source, { readOnly });
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of the input, gunzipped when it starts with the gzip magic bytes, whatever its name. */
async function decode(raw: Buffer, maxBytes: number): Promise<string | { error: string }> {
  let bytes = raw;
  if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) {
    const gunzip = createGunzip();
    gunzip.end(raw);
    let inflated: Limited;
    try {
      inflated = await readLimited(gunzip, maxBytes);
    } catch (error) {
      return { error: `corrupt gzip data: ${messageOf(error)}` };
    }
    if (inflated === tooLarge) {
      return { error: `larger than the ${formatBytes(maxBytes)} limit once decompressed` };
    }
    bytes = inflated;
  }
  try {
    // ignoreBOM is false by default: a UTF-8 byte order mark is dropped.
    return utf8.decode(bytes);
  } catch {
    return { error: 'not UTF-8 text' };
  }
}

/**
 * Reads a stream into memory but stops, and destroys the stream, as soon as
 * more than `limit` bytes arrive: a gzip bomb is never inflated past it.
 */
async function readLimited(stream: NodeJS.ReadableStream, limit: number): Promise<Limited> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > limit) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      return tooLarge;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

function cannotRead(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(ERRNO_TEXT, code)) {
    return `cannot read: ${ERRNO_TEXT[code]} (${code})`;
  }
  return `cannot read: ${messageOf(error)}`;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (Number.isInteger(mib)) return `${mib} MiB`;
  const kib = bytes / 1024;
  return Number.isInteger(kib) ? `${kib} KiB` : `${bytes}-byte`;
}

const errorItem = (source: string, error: string): IntakeItem => ({
  kind: 'error',
  source,
  error: oneLine(error),
});
