import type { Scope } from './scope.js';

/**
 * CloudTrail's standard layout of log files, in S3 and in a copy of it on disk:
 * `[prefix/]AWSLogs/[<org id>/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>.json.gz`
 * (CloudTrail User Guide, "Finding your CloudTrail log files":
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html).
 * Folders outside the window, the accounts or the regions asked for are never opened.
 */

const ORG = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT = /^\d{12}$/;
// CloudTrail-Digest holds digest files (hashes of log files), not events.
const EVENT_FOLDERS = new Set(['CloudTrail', 'CloudTrail-Insight']);

/** What a path below `AWSLogs/` says so far. */
interface Place {
  account?: string;
  region?: string;
  /** `yyyy`, `yyyy-mm` or `yyyy-mm-dd`, as far as the path goes. */
  date?: string;
}

/** The parts of a path after its `AWSLogs` segment, or undefined when it has none. */
const afterAwsLogs = (segments: readonly string[]): string[] | undefined => {
  const at = segments.lastIndexOf('AWSLogs');
  return at === -1 ? undefined : segments.slice(at + 1);
};

/** Reads the segments after AWSLogs; null when they do not follow the layout. */
function placeOf(parts: readonly string[]): Place | null {
  let i = 0;
  if (parts[i] !== undefined && ORG.test(parts[i] as string)) i++;
  const place: Place = {};
  const account = parts[i];
  if (account === undefined) return place;
  if (!ACCOUNT.test(account)) return null;
  place.account = account;
  const folder = parts[i + 1];
  if (folder === undefined) return place;
  if (!EVENT_FOLDERS.has(folder)) return null;
  const [region, year, month, day] = parts.slice(i + 2);
  if (region === undefined) return place;
  place.region = region;
  const date = [year, month, day].filter((p): p is string => p !== undefined);
  if (date.some((p, k) => !/^\d+$/.test(p) || p.length !== (k === 0 ? 4 : 2))) return null;
  if (date.length > 0) place.date = date.join('-');
  return place;
}

const DAY_MS = 86_400_000;

/**
 * The days whose folders can hold events of the window: a log file is delivered some minutes
 * after its events, so a day's folder can begin with the end of the day before.
 */
const dayRange = (scope: Scope): { first?: string; last?: string } => ({
  ...(scope.since !== undefined
    ? { first: new Date(Date.parse(scope.since) - DAY_MS).toISOString().slice(0, 10) }
    : {}),
  ...(scope.until !== undefined
    ? { last: new Date(Date.parse(scope.until) + DAY_MS).toISOString().slice(0, 10) }
    : {}),
});

/** Whether a date prefix (`2026`, `2026-01`, `2026-01-31`) overlaps [first, last]. */
const dateOverlaps = (date: string, first?: string, last?: string): boolean =>
  (first === undefined || date >= first.slice(0, date.length)) &&
  (last === undefined || date <= last.slice(0, date.length));

/**
 * Whether anything at or below this path (folder or key, split on `/`) can be in scope.
 * A path outside the layout (no `AWSLogs`, or a folder that is not CloudTrail's) is in
 * scope when it has no `AWSLogs` at all (a folder of the user's own), and out of it when it
 * sits in a layout it breaks (a digest folder, say).
 *
 * @example inScope(['AWSLogs', '111122223333', 'CloudTrail', 'eu-west-1'], { regions: new Set(['us-east-1']) }) // false
 */
export function inScope(segments: readonly string[], scope: Scope): boolean {
  const parts = afterAwsLogs(segments);
  if (parts === undefined) return true;
  const place = placeOf(parts);
  if (place === null) return false;
  if (place.account !== undefined && scope.accounts && !scope.accounts.has(place.account)) {
    return false;
  }
  if (place.region !== undefined && scope.regions && !scope.regions.has(place.region)) {
    return false;
  }
  if (place.date === undefined) return true;
  const { first, last } = dayRange(scope);
  return dateOverlaps(place.date, first, last);
}

/** Files a backtest reads: CloudTrail's `.json.gz`, and `.json`/`.jsonl` of the user's own. */
export const READABLE = /\.(json|jsonl)(\.gz)?$/i;

/** One entry of a folder listing (a directory on disk, a common prefix in S3). */
export type Listed =
  | { kind: 'folder'; path: string; name: string }
  | { kind: 'file'; path: string; name: string; size?: number };

/** Lists one level of a folder, in a stable order. */
export type Lister = (folder: string) => AsyncIterable<Listed>;

/**
 * Every readable file below `root` that can be in scope, pruning folders before listing
 * them. `segmentsOf` splits a path into the segments the layout is read from.
 */
export async function* walkInScope(
  root: string,
  list: Lister,
  scope: Scope,
  segmentsOf: (path: string) => string[],
  depth = 0,
): AsyncGenerator<Listed & { kind: 'file' }> {
  if (depth > 32) return;
  for await (const entry of list(root)) {
    if (entry.name.startsWith('.')) continue;
    if (!inScope(segmentsOf(entry.path), scope)) continue;
    if (entry.kind === 'folder') yield* walkInScope(entry.path, list, scope, segmentsOf, depth + 1);
    else if (READABLE.test(entry.name)) yield entry;
  }
}
