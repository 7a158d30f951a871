import { readDataFile } from './data-file.js';
import { type Level, levelsOf } from './severity.js';

/** One GuardDuty finding type as the AWS documentation lists it. */
export interface FindingType {
  readonly type: string;
  /** resourceType values the finding may carry; a `doc:` label when the docs give none. */
  readonly resources: readonly string[];
  readonly dataSource: string;
  /** As documented: `High`, `Medium (variable)`, `Varies depending on the detected threat`. */
  readonly severity: string;
  /** The levels a finding of this type can have, per its documented severity. */
  readonly levels: readonly Level[];
  readonly active: boolean;
  readonly sourceUrl: string;
}

const COLUMNS = ['type', 'resource', 'data_source', 'severity', 'status', 'source_url'];

export const FINDING_TYPES_FILE = 'data/guardduty-finding-types/finding-types.tsv';

/**
 * Parses the finding types table (data/guardduty-finding-types/finding-types.tsv).
 * @example parseFindingTypes(text).filter((t) => t.active).length // 229
 */
export function parseFindingTypes(text: string, file = FINDING_TYPES_FILE): FindingType[] {
  const [header, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  if (header?.split('\t').join() !== COLUMNS.join()) {
    throw new Error(`${file}:1: expected the columns ${COLUMNS.join(', ')}`);
  }
  return lines.map((line, i) => {
    const [type, resource, dataSource, severity, status, sourceUrl] = line.split('\t');
    if (!type || severity === undefined || status === undefined)
      throw new Error(`${file}:${i + 2}: a short row`);
    const resources = (resource ?? '').split('|').filter((r) => r !== '');
    return {
      type,
      resources,
      dataSource: dataSource ?? '',
      severity,
      levels: levelsOf(severity),
      active: status === 'active',
      sourceUrl: sourceUrl ?? '',
    };
  });
}

/** The shipped table of every documented finding type. */
export const shippedFindingTypes = (): FindingType[] =>
  parseFindingTypes(readDataFile(FINDING_TYPES_FILE));
