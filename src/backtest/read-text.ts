import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';

const mib = (bytes: number): number => Math.round(bytes / 1048576);

const tooLarge = (limit: number): Error =>
  new Error(`larger than ${mib(limit)} MiB once decompressed`);

// zlib's deflateBound: deflate grows incompressible input by about 0.03% (stored blocks),
// and gzip adds a header and trailer of 18 bytes. A gzip file this much larger than the limit
// cannot inflate to within it (one made of many empty members could, and is refused as too
// large: no trail writes one).
const compressedBound = (limit: number): number => limit + Math.ceil(limit / 1024) + 1024;

/** The bytes of a stream, stopping (and destroying it) past `bound`. */
async function bytesOf(stream: Readable, bound: number, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > bound) {
      stream.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

/**
 * The output size to inflate into at once: gzip's trailer ends with ISIZE, the size of the
 * (last) member's input mod 2^32 (RFC 1952, section 2.3.1). One buffer of that size, plus
 * a byte so zlib sees room left, takes the whole output in one step, where zlib's default
 * 16 KiB chunks would cost an allocation each and a copy of them all at the end. A wrong
 * ISIZE (several members, a forged trailer) only means more chunks; never more than the limit.
 */
const outputChunk = (bytes: Buffer, limit: number): number =>
  bytes.length < 18
    ? 16 * 1024
    : Math.min(Math.max(bytes.readUInt32LE(bytes.length - 4) + 1, 64), limit + 1);

/** Inflates gzip bytes whole, never to more than `limit` bytes, so a gzip bomb stops there. */
function gunzipWithin(bytes: Buffer, limit: number): Buffer {
  try {
    // In one call, on this thread: a worker has nothing else to do meanwhile, and a stream
    // would cost a turn of the event loop and a copy for every chunk it inflates.
    return gunzipSync(bytes, { maxOutputLength: limit, chunkSize: outputChunk(bytes, limit) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw error;
  }
}

/**
 * An object's bytes: gunzipped when it is `.gz` (or starts with gzip's magic bytes), never more
 * than `limit` bytes once decompressed, and checked to be UTF-8.
 *
 * @example await readBytes(createReadStream('trail.json.gz'), true, 64 * 1048576)
 */
export async function readBytes(
  stream: Readable,
  gzipped: boolean,
  limit: number,
): Promise<Buffer> {
  let bytes = await bytesOf(stream, gzipped ? compressedBound(limit) : limit, limit);
  if (gzipped || (bytes[0] === 0x1f && bytes[1] === 0x8b)) bytes = gunzipWithin(bytes, limit);
  // Checked first: toString would replace bad bytes silently.
  if (!isUtf8(bytes)) throw new Error('not UTF-8 text');
  return bytes;
}

/** The text of bytes readBytes gave, without a byte order mark (intake drops it too). */
export function textOf(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
