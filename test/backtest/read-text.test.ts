import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBytes, textOf } from '../../src/backtest/read-text.js';

/** An object's text, as the backtest reads it: its bytes, then their text. */
const readText = async (stream: Readable, gzipped: boolean, limit: number): Promise<string> =>
  textOf(await readBytes(stream, gzipped, limit));

const LIMIT = 1024 * 1024;

/** A stream of the bytes in chunks of `size`, as a file or S3 body arrives. */
const streamOf = (bytes: Buffer, size = 64 * 1024): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );

const json = '{"Records":[{"eventName":"DeleteTrail","note":"é"}]}';

describe('the text of a backtest object', () => {
  it.each([
    { name: 'plain JSON', bytes: Buffer.from(json), gzipped: false },
    { name: 'gzipped JSON', bytes: gzipSync(json), gzipped: true },
    { name: 'gzip bytes under another name', bytes: gzipSync(json), gzipped: false },
    { name: 'a byte order mark', bytes: Buffer.from(`\ufeff${json}`), gzipped: false },
    {
      name: 'two gzip members',
      bytes: Buffer.concat([gzipSync('{"Rec'), gzipSync(json.slice(5))]),
      gzipped: true,
    },
    { name: 'many small chunks', bytes: gzipSync(json), gzipped: true, chunk: 3 },
  ])('reads $name', async ({ bytes, gzipped, chunk }) => {
    expect(await readText(streamOf(bytes, chunk), gzipped, LIMIT)).toBe(json);
  });

  it.each([
    {
      name: 'a gzip bomb',
      bytes: gzipSync(Buffer.alloc(LIMIT + 1, 0x20)),
      gzipped: true,
      error: 'larger than 1 MiB once decompressed',
    },
    {
      name: 'gzip bytes under another name that inflate past the limit',
      bytes: gzipSync(Buffer.alloc(LIMIT + 1, 0x20)),
      gzipped: false,
      error: 'larger than 1 MiB once decompressed',
    },
    {
      name: 'a plain file past the limit',
      bytes: Buffer.alloc(LIMIT + 1, 0x20),
      gzipped: false,
      error: 'larger than 1 MiB once decompressed',
    },
    {
      name: 'a gzip file too large to inflate within the limit',
      bytes: Buffer.alloc(2 * LIMIT, 0x20),
      gzipped: true,
      error: 'larger than 1 MiB once decompressed',
    },
    {
      name: 'a corrupt gzip file',
      bytes: Buffer.from('not gzip'),
      gzipped: true,
      error: 'incorrect header check',
    },
    {
      name: 'a truncated gzip file',
      bytes: gzipSync(json).subarray(0, 20),
      gzipped: true,
      error: 'unexpected end of file',
    },
    {
      name: 'bytes that are not UTF-8',
      bytes: Buffer.from([0x7b, 0xff, 0x7d]),
      gzipped: false,
      error: 'not UTF-8 text',
    },
  ])('refuses $name', async ({ bytes, gzipped, error }) => {
    await expect(readText(streamOf(bytes), gzipped, LIMIT)).rejects.toThrow(error);
  });

  it('reads exactly up to the limit', async () => {
    const text = ' '.repeat(LIMIT);
    expect(await readText(streamOf(gzipSync(text)), true, LIMIT)).toHaveLength(LIMIT);
    expect(await readText(streamOf(Buffer.from(text)), false, LIMIT)).toHaveLength(LIMIT);
  });

  it('stops reading a stream once it is past the bound', async () => {
    let served = 0;
    const endless = new Readable({
      read() {
        served += 1;
        this.push(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    await expect(readText(endless, false, LIMIT)).rejects.toThrow('larger than 1 MiB');
    expect(served).toBeLessThan(40);
    expect(endless.destroyed).toBe(true);
  });
});
