import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { wrapCloudTrailRecord } from '../../src/intake/index.js';
import { CORPUS_ROOT } from '../match/corpus.js';

export interface CorpusRecord {
  /** Unique per record: stands for the object path in the Athena table. */
  path: string;
  record: Record<string, unknown>;
  event: EventBridgeEvent;
}

const json = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every CloudTrail record of the corpus that parry can wrap (raw records, log files, and the
 * `detail` of CloudTrail events), read-only ones included.
 */
export function corpusCloudTrailRecords(): CorpusRecord[] {
  const records: CorpusRecord[] = [];
  const add = (path: string, record: unknown): void => {
    if (!isObject(record)) return;
    try {
      const event = wrapCloudTrailRecord(record, { includeReadOnly: true });
      if (event !== 'read-only') records.push({ path, record, event });
    } catch {
      // Not wrappable: no pattern can match it.
    }
  };
  const dir = join(CORPUS_ROOT, 'cloudtrail');
  for (const folder of readdirSync(dir)) {
    for (const name of readdirSync(join(dir, folder))) {
      const value = json(join(dir, folder, name));
      const at = `s3://corpus/${folder}/${name}`;
      if (isObject(value) && Array.isArray(value.Records)) {
        value.Records.forEach((r, i) => {
          add(`${at}#${i}`, r);
        });
      } else if (isObject(value) && isObject(value.detail)) add(at, value.detail);
      else if (Array.isArray(value)) {
        value.forEach((r, i) => {
          add(`${at}#${i}`, r);
        });
      } else add(at, value);
    }
  }
  return records;
}
