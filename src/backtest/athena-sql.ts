import { CLOUDTRAIL_DETAIL_TYPES } from '../intake/index.js';
import type { CompiledStructure, IndexedField, ValueTest } from '../match/compile.js';
import { type CompiledPattern, structureOf } from '../match/pattern.js';
import type { Playbook } from '../playbook/index.js';
import type { Scope } from './scope.js';

/**
 * The playbooks' patterns as a SQL prefilter over the standard CloudTrail table of Athena
 * (Athena User Guide, "Create the table for CloudTrail logs in Athena using partition
 * projection": https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html).
 *
 * The one rule: a record the exact matcher would match is never dropped. Each field is
 * translated only as far as a column can say it for sure (an exact value, a prefix, a
 * wildcard as LIKE); whatever SQL cannot say exactly becomes TRUE, so the prefilter only ever
 * keeps too much, and the exact matcher then reads the objects it names. The SQL uses only
 * what Athena (Trino) and DuckDB both accept, so the same text is checked locally.
 */

/** Columns of the table and the record fields they hold (lower-cased, as Athena names them). */
const STRING_COLUMNS: Readonly<Record<string, string>> = {
  'detail.eventVersion': 'eventversion',
  'detail.eventTime': 'eventtime',
  'detail.eventSource': 'eventsource',
  'detail.eventName': 'eventname',
  'detail.awsRegion': 'awsregion',
  'detail.sourceIPAddress': 'sourceipaddress',
  'detail.userAgent': 'useragent',
  'detail.errorCode': 'errorcode',
  'detail.errorMessage': 'errormessage',
  'detail.requestID': 'requestid',
  'detail.eventID': 'eventid',
  'detail.eventType': 'eventtype',
  'detail.apiVersion': 'apiversion',
  'detail.recipientAccountId': 'recipientaccountid',
  'detail.sharedEventID': 'sharedeventid',
  'detail.vpcEndpointId': 'vpcendpointid',
  'detail.userIdentity.type': 'useridentity.type',
  'detail.userIdentity.principalId': 'useridentity.principalid',
  'detail.userIdentity.arn': 'useridentity.arn',
  'detail.userIdentity.accountId': 'useridentity.accountid',
  'detail.userIdentity.invokedBy': 'useridentity.invokedby',
  'detail.userIdentity.accessKeyId': 'useridentity.accesskeyid',
  'detail.userIdentity.userName': 'useridentity.username',
  'detail.userIdentity.sessionContext.attributes.mfaAuthenticated':
    'useridentity.sessioncontext.attributes.mfaauthenticated',
  'detail.userIdentity.sessionContext.sessionIssuer.type':
    'useridentity.sessioncontext.sessionissuer.type',
  'detail.userIdentity.sessionContext.sessionIssuer.arn':
    'useridentity.sessioncontext.sessionissuer.arn',
  'detail.userIdentity.sessionContext.sessionIssuer.userName':
    'useridentity.sessioncontext.sessionissuer.username',
  region: 'awsregion',
};

/** Objects the table keeps as JSON text: a value can only be looked for in the text. */
const JSON_COLUMNS: Readonly<Record<string, string>> = {
  'detail.requestParameters': 'requestparameters',
  'detail.responseElements': 'responseelements',
  'detail.additionalEventData': 'additionaleventdata',
  'detail.serviceEventDetails': 'serviceeventdetails',
};

const DETAIL_TYPES = CLOUDTRAIL_DETAIL_TYPES;

const TRUE = 'TRUE';
const FALSE = 'FALSE';

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const like = (column: string, pattern: string): string =>
  `${column} LIKE ${quote(pattern)} ESCAPE '\\'`;

const isAscii = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) < 128);

/** Text that no JSON writer escapes: safe to look for inside a JSON column's text. */
const JSON_SAFE = /^[A-Za-z0-9 ._:@+=,-]*$/;

const or = (parts: readonly string[]): string => {
  if (parts.includes(TRUE)) return TRUE;
  const kept = [...new Set(parts.filter((p) => p !== FALSE))];
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? (kept[0] as string) : `(${kept.join(' OR ')})`;
};

const and = (parts: readonly string[]): string => {
  if (parts.includes(FALSE)) return FALSE;
  const kept = [...new Set(parts.filter((p) => p !== TRUE))];
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? (kept[0] as string) : `(${kept.join(' AND ')})`;
};

/** One value test on a string column, or TRUE when SQL cannot say it exactly. */
function onColumn(column: string, { shape }: ValueTest): string {
  switch (shape.kind) {
    case 'string':
      return `${column} = ${quote(shape.text)}`;
    case 'prefix':
    case 'suffix': {
      if (shape.ignoreCase && !isAscii(shape.text)) return TRUE;
      const text = likeEscape(shape.ignoreCase ? shape.text.toLowerCase() : shape.text);
      const target = shape.ignoreCase ? `lower(${column})` : column;
      return like(target, shape.kind === 'prefix' ? `${text}%` : `%${text}`);
    }
    case 'equals-ignore-case':
      return isAscii(shape.text) ? `lower(${column}) = ${quote(shape.text.toLowerCase())}` : TRUE;
    case 'wildcard':
      return like(column, shape.wildcard.segments.map(likeEscape).join('%'));
    default:
      return TRUE;
  }
}

/** One value test looked for in a JSON column's text: `"value"` must appear in it. */
function inJsonText(column: string, { shape }: ValueTest): string {
  switch (shape.kind) {
    case 'string':
      return JSON_SAFE.test(shape.text) ? like(column, `%"${likeEscape(shape.text)}"%`) : TRUE;
    case 'prefix':
    case 'suffix': {
      if (!JSON_SAFE.test(shape.text)) return TRUE;
      const text = likeEscape(shape.ignoreCase ? shape.text.toLowerCase() : shape.text);
      const target = shape.ignoreCase ? `lower(${column})` : column;
      return like(target, shape.kind === 'prefix' ? `%"${text}%` : `%${text}"%`);
    }
    default:
      return TRUE;
  }
}

/** `source` is `aws.` and the service of eventSource (`aws.cloudtrail` for Insights events). */
function onSource({ shape }: ValueTest): string {
  if (shape.kind !== 'string' && shape.kind !== 'prefix') return TRUE;
  if (shape.kind === 'prefix' && shape.ignoreCase) return TRUE;
  const text = shape.text.toLowerCase();
  if (!text.startsWith('aws.'))
    return shape.kind === 'prefix' && 'aws.'.startsWith(text) ? TRUE : FALSE;
  const service = likeEscape(text.slice('aws.'.length));
  const insight = 'cloudtrail'.startsWith(text.slice(4))
    ? [`eventtype = 'AwsCloudTrailInsight'`]
    : [];
  if (shape.kind === 'prefix') return or([like('lower(eventsource)', `${service}%`), ...insight]);
  return or([
    `lower(eventsource) = ${quote(`${text.slice(4)}.amazonaws.com`)}`,
    ...(text === 'aws.cloudtrail' ? insight : []),
  ]);
}

/** `detail-type` from eventType; a record without one is an API call if it is old enough. */
function onDetailType({ shape }: ValueTest): string {
  if (shape.kind !== 'string') return TRUE;
  const types = Object.entries(DETAIL_TYPES)
    .filter(([, detailType]) => detailType === shape.text)
    .map(([eventType]) => eventType);
  if (types.length === 0) return FALSE;
  const known = Object.keys(DETAIL_TYPES).map(quote).join(', ');
  const listed = types.map(quote).join(', ');
  // Unknown or missing eventType: the matcher may still see an API call (old records).
  return `(eventtype IN (${listed}) OR eventtype IS NULL OR eventtype NOT IN (${known}))`;
}

// The envelope's account: recipientAccountId, else userIdentity.accountId (intake/cloudtrail.ts).
const ACCOUNT_COLUMN =
  "(CASE WHEN recipientaccountid IS NULL OR recipientaccountid = '' THEN useridentity.accountid ELSE recipientaccountid END)";

/** One field of a sub-rule, as a condition on a record's row. */
function onField(field: IndexedField): string {
  if (field.allowAbsent || field.values.length === 0) return TRUE;
  const values = field.values;
  if (field.key === 'source') return or(values.map(onSource));
  if (field.key === 'detail-type') return or(values.map(onDetailType));
  if (field.key === 'account') return or(values.map((v) => onColumn(ACCOUNT_COLUMN, v)));
  const column = STRING_COLUMNS[field.key];
  if (column !== undefined) return or(values.map((v) => onColumn(column, v)));
  for (const [prefix, json] of Object.entries(JSON_COLUMNS)) {
    if (field.key.startsWith(`${prefix}.`)) return or(values.map((v) => inJsonText(json, v)));
  }
  return TRUE;
}

const onStructure = (structure: CompiledStructure): string =>
  or(structure.subRules.map((rule) => and(rule.fields.map(onField))));

/** The condition for one compiled pattern (TRUE when it is not one compiled here). */
export function patternCondition(pattern: CompiledPattern): string {
  const structure = structureOf(pattern);
  return structure === undefined ? TRUE : onStructure(structure);
}

/** Names of the table's partition columns; the CloudTrail table of an Organization trail has all three. */
export interface Partitions {
  account?: string;
  region?: string;
  /** Dates as `yyyy/MM/dd`. */
  date?: string;
}

export const DEFAULT_PARTITIONS: Partitions = {
  account: 'account',
  region: 'region',
  date: 'timestamp',
};

const DAY_MS = 86_400_000;
const slashDay = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');

/** Conditions on the partitions first (Athena reads only those), then on eventtime. */
function scopeConditions(scope: Scope, partitions: Partitions): string[] {
  const parts: string[] = [];
  const list = (items: ReadonlySet<string>) => [...items].sort().map(quote).join(', ');
  if (scope.accounts) {
    if (partitions.account) parts.push(`"${partitions.account}" IN (${list(scope.accounts)})`);
    parts.push(`${ACCOUNT_COLUMN} IN (${list(scope.accounts)})`);
  }
  if (scope.regions) {
    if (partitions.region) parts.push(`"${partitions.region}" IN (${list(scope.regions)})`);
    parts.push(`awsregion IN (${list(scope.regions)})`);
  }
  // A log file is delivered minutes after its events: its day's partition can hold the day before.
  if (scope.since) {
    if (partitions.date)
      parts.push(`"${partitions.date}" >= ${quote(slashDay(Date.parse(scope.since) - DAY_MS))}`);
    parts.push(`eventtime >= ${quote(scope.since)}`);
  }
  if (scope.until) {
    if (partitions.date)
      parts.push(`"${partitions.date}" <= ${quote(slashDay(Date.parse(scope.until) + DAY_MS))}`);
    parts.push(`eventtime < ${quote(scope.until)}`);
  }
  return parts;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * The query whose rows name the objects (`"$path"`) holding candidate records.
 *
 * @example prefilterQuery(playbooks, 'cloudtrail_logs', {}) // SELECT DISTINCT "$path" FROM cloudtrail_logs WHERE …
 */
export function prefilterQuery(
  playbooks: readonly Playbook[],
  table: string,
  scope: Scope,
  partitions: Partitions = DEFAULT_PARTITIONS,
): string {
  if (!identifier.test(table)) throw new Error(`not a table name: ${table}`);
  const patterns = or(playbooks.filter((p) => p.enabled).map((p) => patternCondition(p.match)));
  const where = and([...scopeConditions(scope, partitions), patterns]);
  return `SELECT DISTINCT "$path" FROM ${table} WHERE ${where}`;
}
