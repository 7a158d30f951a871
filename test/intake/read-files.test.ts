import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STDIN_SOURCE } from '../../src/intake/index.js';
import { collect, fixturePath, summary } from './support.js';

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);
const logText = (): string => readFileSync(fixturePath('cloudtrail-log.json'), 'utf8');
const LOG_KINDS = [
  'event:cloudtrail-record',
  'skipped:read-only',
  'event:cloudtrail-record',
  'event:cloudtrail-record',
  'error',
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parry-intake-'));
  writeFileSync(at('trail.json.gz'), gzipSync(logText()));
  // Compressed, whatever the name says: recognised by its magic bytes.
  writeFileSync(at('trail-named-plainly.json'), gzipSync(logText()));
  writeFileSync(at('bomb.json.gz'), gzipSync(`{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`));
  writeFileSync(
    at('corrupt.json.gz'),
    Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
  );
  writeFileSync(at('big.json'), `{"a":"${'x'.repeat(100 * 1024)}"}`);
  writeFileSync(at('empty.json'), '  \n');
  writeFileSync(at('binary.json'), Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
  writeFileSync(
    at('bom.json'),
    `\uFEFF${readFileSync(fixturePath('cloudtrail-record.json'), 'utf8')}`,
  );
  writeFileSync(
    at('invalid.json'),
    '{\n  "version": "0",\n  "id": "x"\n  "source": "aws.ec2"\n}\n',
  );

  mkdirSync(at('tree', 'b', 'nested'), { recursive: true });
  mkdirSync(at('tree', '.git'));
  writeFileSync(at('tree', 'z.json'), readFileSync(fixturePath('cloudtrail-record.json')));
  writeFileSync(at('tree', 'a.json'), readFileSync(fixturePath('guardduty-finding.json')));
  writeFileSync(at('tree', 'b', 'nested', 'c.json.gz'), gzipSync(logText()));
  writeFileSync(at('tree', 'b', 'readme.md'), '# not read');
  writeFileSync(at('tree', '.hidden.json'), '{}');
  writeFileSync(at('tree', '.git', 'config.json'), '{}');
  symlinkSync(at('tree'), at('tree', 'b', 'loop'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readInputs', () => {
  it('walks a directory in sorted order, skipping hidden entries and other extensions', async () => {
    const root = at('tree');
    const items = await collect([root]);
    const files = [...new Set(items.map((item) => item.source.replace(/#.*$/, '')))];
    expect(files).toEqual([
      `${root}${sep}a.json`,
      `${root}${sep}b${sep}nested${sep}c.json.gz`,
      `${root}${sep}z.json`,
    ]);
    expect(summary(items)).toEqual([
      'event:guardduty-finding',
      ...LOG_KINDS,
      'event:cloudtrail-record',
    ]);
  });

  it('names files inside a directory by the path as given', async () => {
    const items = await collect([`${fixturePath()}`]);
    const sources = [...new Set(items.map((item) => item.source.replace(/#.*$/, '')))];
    expect(sources.map((source) => source.slice(fixturePath().length))).toEqual([
      'cloudtrail-log.json',
      'cloudtrail-record.json',
      'eventbridge-event.json',
      'guardduty-finding.json',
      'not-an-event.json',
      'siem-export.jsonl',
    ]);
  });

  it('reads a file named explicitly whatever its extension', async () => {
    const items = await collect([fixturePath('invalid-json.txt')]);
    expect(items).toEqual([
      {
        kind: 'error',
        source: fixturePath('invalid-json.txt'),
        error: "invalid JSON at line 4 column 3: expected ',' or '}' after property value",
      },
    ]);
  });

  it.each([
    ['a gzipped log file', 'trail.json.gz'],
    ['a gzipped file with a plain name', 'trail-named-plainly.json'],
  ])('reads %s', async (_name, file) => {
    const items = await collect([at(file)]);
    expect(summary(items)).toEqual(LOG_KINDS);
    expect(items[0]?.source).toBe(`${at(file)}#0`);
  });

  it('reads JSON Lines, naming each line by its index', async () => {
    const items = await collect([fixturePath('siem-export.jsonl')]);
    expect(items.map((item) => [item.source.split('#')[1], item.kind])).toEqual([
      ['0', 'event'],
      ['1', 'skipped'],
      ['2', 'error'],
    ]);
    expect(items[2]).toMatchObject({ error: expect.stringMatching(/^invalid JSON at line 4 /) });
  });

  it('reads a UTF-8 file that starts with a byte order mark', async () => {
    expect(summary(await collect([at('bom.json')]))).toEqual(['event:cloudtrail-record']);
  });

  it.each([
    ['a missing path', 'nowhere.json', 'cannot read: no such file or directory (ENOENT)'],
    ['an empty file', 'empty.json', 'empty file'],
    ['a file that is not UTF-8', 'binary.json', 'not UTF-8 text'],
    ['corrupt gzip data', 'corrupt.json.gz', 'corrupt gzip data'],
    ['invalid JSON', 'invalid.json', 'invalid JSON at line 4 column 3'],
    ['a file over the size limit', 'big.json', 'larger than the 64 KiB limit'],
    ['a gzip bomb', 'bomb.json.gz', 'larger than the 64 KiB limit once decompressed'],
  ])('yields an error for %s and goes on', async (_name, file, message) => {
    const items = await collect([at(file), at('trail.json.gz')], { maxBytes: 64 * 1024 });
    expect(items[0]).toEqual({
      kind: 'error',
      source: at(file),
      error: expect.stringContaining(message),
    });
    expect(summary(items.slice(1))).toEqual(LOG_KINDS);
  });

  it('reads standard input for -, gzipped or not', async () => {
    const plain = Readable.from([Buffer.from(logText())]);
    const zipped = Readable.from([gzipSync(logText())]);
    expect(summary(await collect(['-'], { stdin: plain }))).toEqual(LOG_KINDS);
    const items = await collect(['-'], { stdin: zipped });
    expect(summary(items)).toEqual(LOG_KINDS);
    expect(items[0]?.source).toBe(`${STDIN_SOURCE}#0`);
  });

  it('says so when a directory holds nothing to read', async () => {
    mkdirSync(at('nothing-here'));
    writeFileSync(at('nothing-here', 'notes.txt'), 'hello');
    expect(await collect([at('nothing-here')])).toEqual([
      {
        kind: 'error',
        source: at('nothing-here'),
        error: 'no .json, .jsonl or .gz files in this directory',
      },
    ]);
  });

  it('says so when standard input is empty', async () => {
    expect(await collect(['-'], { stdin: Readable.from([]) })).toEqual([
      { kind: 'error', source: STDIN_SOURCE, error: 'empty input' },
    ]);
  });

  it('bounds standard input by the size limit', async () => {
    const items = await collect(['-'], {
      stdin: Readable.from([Buffer.alloc(2048, 0x20)]),
      maxBytes: 1024,
    });
    expect(items).toEqual([
      { kind: 'error', source: STDIN_SOURCE, error: 'larger than the 1 KiB limit' },
    ]);
  });
});
