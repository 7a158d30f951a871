import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_ROOT } from '../match/corpus.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value of the corpus's raw records and log files, usable or not, in file order. */
export function corpusRecords(): unknown[] {
  const dir = join(CORPUS_ROOT, 'cloudtrail');
  const records: unknown[] = [];
  for (const folder of ['raw_records', 'log_files']) {
    for (const name of readdirSync(join(dir, folder)).sort()) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(join(dir, folder, name), 'utf8'));
      } catch {
        continue;
      }
      if (isObject(value) && Array.isArray(value.Records)) records.push(...value.Records);
      else records.push(value);
    }
  }
  return records;
}
