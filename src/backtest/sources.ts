import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { BacktestError } from './errors.js';
import { inScope, type Listed, type Lister, READABLE, walkInScope } from './layout.js';
import type { Scope } from './scope.js';

/** One object a backtest reads: a file on disk or an S3 object. */
export type ObjectRef =
  | { kind: 'file'; path: string; size?: number }
  | { kind: 's3'; bucket: string; key: string; size?: number };

export const nameOf = (ref: ObjectRef): string =>
  ref.kind === 'file' ? ref.path : `s3://${ref.bucket}/${ref.key}`;

/** `s3://bucket/prefix` split, or undefined for a local path. */
export function parseS3Url(text: string): { bucket: string; prefix: string } | undefined {
  if (!text.startsWith('s3://')) return undefined;
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  // S3 bucket naming rules: 3-63 characters, lower-case letters, digits, dots and hyphens.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new BacktestError(`${text}: "${bucket}" is not an S3 bucket name`);
  }
  return { bucket, prefix: slash === -1 ? '' : rest.slice(slash + 1) };
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

const localLister: Lister = async function* (folder) {
  const entries = (await readdir(folder, { withFileTypes: true })).sort(byName);
  for (const e of entries) {
    const path = join(folder, e.name);
    if (e.isDirectory()) yield { kind: 'folder', path, name: e.name };
    else if (e.isFile()) yield { kind: 'file', path, name: e.name };
  }
};

/** Files of local paths in scope: a file named is always read; folders are walked and pruned. */
async function* localObjects(path: string, scope: Scope): AsyncGenerator<ObjectRef> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new BacktestError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  if (!info.isDirectory()) {
    yield { kind: 'file', path, size: info.size };
    return;
  }
  const segments = (p: string) => p.split(sep);
  if (!inScope(segments(path), scope)) return;
  for await (const file of walkInScope(path, localLister, scope, segments)) {
    yield {
      kind: 'file',
      path: file.path,
      ...(file.size !== undefined ? { size: file.size } : {}),
    };
  }
}

/** One level of an S3 prefix, through ListObjectsV2 with a `/` delimiter, page by page. */
const s3Lister = (client: S3Client, bucket: string): Lister =>
  async function* (prefix) {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          Delimiter: '/',
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      const listed = listedOf(page.CommonPrefixes ?? [], page.Contents ?? []);
      yield* listed.sort(byName);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  };

/** One page of a listing: its common prefixes as folders, its keys as files. */
function listedOf(
  prefixes: readonly { Prefix?: string }[],
  contents: readonly { Key?: string; Size?: number }[],
): Listed[] {
  const listed: Listed[] = [];
  for (const { Prefix: p } of prefixes) {
    if (p) listed.push({ kind: 'folder', path: p, name: lastSegment(p) });
  }
  for (const { Key: key, Size: size } of contents) {
    if (!key || key.endsWith('/')) continue;
    listed.push({
      kind: 'file',
      path: key,
      name: lastSegment(key),
      ...(size !== undefined ? { size } : {}),
    });
  }
  return listed;
}

const lastSegment = (key: string): string => {
  const parts = key.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? key;
};

/** S3 objects under a prefix in scope, listing folder by folder so that pruned ones are never listed. */
async function* s3Objects(
  client: S3Client,
  bucket: string,
  prefix: string,
  scope: Scope,
): AsyncGenerator<ObjectRef> {
  const segments = (key: string) => key.split('/').filter((p) => p !== '');
  // A prefix that ends inside a name ("AWSLogs/1111") is listed from its folder.
  const folder =
    prefix === '' || prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
  if (!inScope(segments(prefix), scope)) return;
  for await (const file of walkInScope(folder, s3Lister(client, bucket), scope, segments)) {
    if (!file.path.startsWith(prefix)) continue;
    yield {
      kind: 's3',
      bucket,
      key: file.path,
      ...(file.size !== undefined ? { size: file.size } : {}),
    };
  }
}

/** Every object of the sources (`s3://…` or local paths), in order, pruned by scope. */
export async function* objectsOf(
  sources: readonly string[],
  scope: Scope,
  s3: () => Promise<S3Client>,
): AsyncGenerator<ObjectRef> {
  for (const source of sources) {
    const url = parseS3Url(source);
    if (url) yield* s3Objects(await s3(), url.bucket, url.prefix, scope);
    else yield* localObjects(source, scope);
  }
}

/** The bytes of one object, as a stream (S3 GetObject streams; nothing is buffered here). */
export async function openObject(ref: ObjectRef, s3: () => Promise<S3Client>): Promise<Readable> {
  if (ref.kind === 'file') return createReadStream(ref.path, { highWaterMark: 1024 * 1024 });
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const answer = await (await s3()).send(
    new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }),
  );
  const body = answer.Body;
  if (body instanceof Readable) return body;
  if (
    body &&
    typeof (body as { transformToWebStream?: unknown }).transformToWebStream === 'function'
  ) {
    return Readable.fromWeb(
      (
        body as { transformToWebStream: () => import('node:stream/web').ReadableStream }
      ).transformToWebStream(),
    );
  }
  throw new BacktestError(`${nameOf(ref)}: S3 returned no body`);
}

/** An S3 client from the environment (default credential chain, AWS_REGION, AWS_ENDPOINT_URL). */
export async function s3FromEnv(env: NodeJS.ProcessEnv = process.env): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({
    ...(env.AWS_REGION ? {} : { region: 'us-east-1' }),
    // An emulator on 127.0.0.1 cannot answer bucket subdomains.
    ...(endpoint ? { forcePathStyle: true } : {}),
  });
}

export { READABLE };
