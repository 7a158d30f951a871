import type { S3Client } from '@aws-sdk/client-s3';
import { targetOf } from '../aws/target.js';
import { anyMatch } from '../engine/candidates.js';
import { type PlaybookResult, runEvent } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import { isJsonObject, type JsonObject, own } from '../intake/fields.js';
import {
  classify,
  cloudTrailEventId,
  DEFAULT_MAX_BYTES,
  isHeldBackAsReadOnly,
  MAX_DEPTH,
  wrapCloudTrailRecord,
} from '../intake/index.js';
import { parseDocuments, parseInParts, tooDeep } from '../intake/json.js';
import type { PatternMachine } from '../match/index.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { NotALogLayout } from './errors.js';
import { type LogRecord, logRecords, recordSpan } from './log-records.js';
import { readBytes, textOf } from './read-text.js';
import { inPlace, inWindow, type Scope } from './scope.js';
import { sieveOf, TOP_FIELDS } from './sieve.js';
import { nameOf, type ObjectRef, openObject } from './sources.js';
import { countResult, emptyTally, noteProblem, type Tally } from './summary.js';

/** What every object of one backtest is read with. */
export interface BacktestContext {
  playbooks: readonly Playbook[];
  settings: Settings;
  scope: Scope;
  /** Stream one JSON line per match. */
  jsonl: boolean;
  /** The circuit breaker's runs per account per hour (PARRY_MAX_ACTIONS_PER_HOUR). */
  breakerLimit: number;
  maxBytes?: number;
  s3: () => Promise<S3Client>;
  now?: () => Date;
}

/** What reading one object gave. */
export interface ObjectOutcome {
  tally: Tally;
  /** JSON lines, one per playbook that matched a record (with --jsonl). */
  lines: string[];
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** One JSON line for a playbook that matched a record. */
const lineOf = (
  object: string,
  index: number,
  event: EventBridgeEvent,
  result: PlaybookResult,
): string => {
  const detail = event.detail as Record<string, unknown>;
  return JSON.stringify({
    playbook: result.name,
    mode: result.mode,
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    event: {
      id: event.id,
      time: event.time,
      source: event.source,
      'detail-type': event['detail-type'],
      account: event.account,
      region: event.region,
      ...(typeof detail.eventName === 'string' ? { eventName: detail.eventName } : {}),
      ...(typeof detail.eventID === 'string' ? { eventID: detail.eventID } : {}),
    },
    actions: result.actions.map((a) => ({
      type: a.type,
      status: a.status,
      ...(a.target ? { target: a.target } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
    })),
    object,
    record: index,
  });
};

/** The account the envelope gets (intake/cloudtrail.ts): recipientAccountId, else the caller's. */
const accountOf = (record: Record<string, unknown>): unknown => {
  const recipient = own(record, 'recipientAccountId');
  if (typeof recipient === 'string' && recipient !== '') return recipient;
  const identity = own(record, 'userIdentity');
  return isJsonObject(identity) ? own(identity, 'accountId') : undefined;
};

// One sieve per loaded playbook list (null when it cannot rule anything out): a worker reads
// every object with the same list.
const sieves = new WeakMap<readonly Playbook[], PatternMachine | null>();

function sieveFor(playbooks: readonly Playbook[]): PatternMachine | undefined {
  let sieve = sieves.get(playbooks);
  if (sieve === undefined) {
    sieve = sieveOf(playbooks) ?? null;
    sieves.set(playbooks, sieve);
  }
  return sieve ?? undefined;
}

/** What a record's top fields decide alone, when they decide it (ObjectReader.sift). */
type Sifted = 'out-of-scope' | 'read-only' | 'no-match' | undefined;

/** Reads records and runs the ones some playbook matches. */
class ObjectReader {
  readonly tally = emptyTally();
  readonly lines: string[] = [];
  private readonly readOnlyWanted: boolean;
  private readonly sieve: PatternMachine | undefined;

  constructor(
    private readonly ctx: BacktestContext,
    readonly name: string,
  ) {
    this.readOnlyWanted = ctx.playbooks.some((p) => p.readOnlyEvents);
    this.sieve = sieveFor(ctx.playbooks);
  }

  /** Whether a record is in --accounts, --regions and the window; its fields read only if asked. */
  private inScope(r: Record<string, unknown>): boolean {
    const { scope } = this.ctx;
    const placed =
      (scope.accounts === undefined && scope.regions === undefined) ||
      inPlace(scope, accountOf(r), own(r, 'awsRegion'));
    return placed && inWindow(scope, own(r, 'eventTime'));
  }

  /**
   * A CloudTrail record: in scope, delivered, then matched; the envelope of one that some
   * playbook matches (with its id), else nothing. Synchronous: most records end here, and an
   * await for each would cost more than the test.
   */
  candidate(record: unknown, index: number): EventBridgeEvent | undefined {
    this.tally.records += 1;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      noteProblem(this.tally, `${this.name}#${index}: not a CloudTrail record`);
      return undefined;
    }
    const r = record as Record<string, unknown>;
    if (!this.inScope(r)) {
      this.tally.outOfScope += 1;
      return undefined;
    }
    if (!this.readOnlyWanted && isHeldBackAsReadOnly(r)) {
      this.tally.readOnly += 1;
      return undefined;
    }
    let event: EventBridgeEvent;
    try {
      event = wrapCloudTrailRecord(r, { includeReadOnly: true, deferId: true }) as EventBridgeEvent;
    } catch (error) {
      noteProblem(this.tally, `${this.name}#${index}: ${messageOf(error)}`);
      return undefined;
    }
    if (!anyMatch(this.ctx.playbooks, event)) return undefined;
    // Only a record some playbook uses is walked whole, so only it is bounded here.
    if (tooDeep(r)) {
      noteProblem(
        this.tally,
        `${this.name}#${index}: JSON nesting is deeper than ${MAX_DEPTH} levels`,
      );
      return undefined;
    }
    event.id = cloudTrailEventId(r);
    return event;
  }

  /**
   * What `candidate` would decide of the record these top fields are of, when they are enough
   * to tell that it is out of scope, held back as read-only, or matched by no playbook; else
   * undefined, and the record is read whole. Each test asks only fields of TOP_FIELDS, which
   * hold what the record read whole holds; the account needs recipientAccountId, as
   * accountOf reads userIdentity (not a top field) only without it.
   */
  private sift(top: JsonObject): Sifted {
    const recipient = own(top, 'recipientAccountId');
    if (typeof recipient !== 'string' || recipient === '') return undefined;
    if (!this.inScope(top)) return 'out-of-scope';
    if (!this.readOnlyWanted && isHeldBackAsReadOnly(top)) return 'read-only';
    if (this.sieve === undefined) return undefined;
    let event: EventBridgeEvent;
    try {
      event = wrapCloudTrailRecord(top, {
        includeReadOnly: true,
        deferId: true,
      }) as EventBridgeEvent;
    } catch {
      // Read whole, the record says why it cannot be wrapped.
      return undefined;
    }
    return this.sieve.matching(event).length === 0 ? 'no-match' : undefined;
  }

  /** A log file's record: decided by its top fields when they can, else read whole. */
  private logCandidate(record: LogRecord, index: number): EventBridgeEvent | undefined {
    const sifted = record.top === undefined ? undefined : this.sift(record.top);
    if (sifted === undefined) return this.candidate(record.value(), index);
    this.tally.records += 1;
    if (sifted === 'out-of-scope') this.tally.outOfScope += 1;
    else if (sifted === 'read-only') this.tally.readOnly += 1;
    return undefined;
  }

  /** An event that is not a log file's record (a folder of EventBridge events or findings). */
  async event(event: EventBridgeEvent, index: number): Promise<void> {
    this.tally.records += 1;
    if (
      !inPlace(this.ctx.scope, event.account, event.region) ||
      !inWindow(this.ctx.scope, event.time)
    ) {
      this.tally.outOfScope += 1;
      return;
    }
    await this.run(event, index);
  }

  async run(event: EventBridgeEvent, index: number): Promise<void> {
    const { playbooks, settings, now } = this.ctx;
    const result = await runEvent(event, `${this.name}#${index}`, playbooks, {
      settings,
      modelReadOnlyDelivery: true,
      outline: true,
      ...(now ? { now } : {}),
    });
    if (result.playbooks.length === 0) return;
    const facts = { time: event.time, account: targetOf(event).account };
    for (const p of result.playbooks) {
      countResult(this.tally, p, facts, this.ctx.breakerLimit);
      if (this.ctx.jsonl) this.lines.push(lineOf(this.name, index, event, p));
    }
  }

  /** A log file's records read off its bytes, in order. */
  logRecords(records: Iterable<LogRecord>): Promise<void> {
    return this.each(records, (record, i) => this.logCandidate(record, i));
  }

  /** A parsed log file's records, in order. */
  records(records: Iterable<unknown>): Promise<void> {
    return this.each(records, (record, i) => this.candidate(record, i));
  }

  private async each<T>(
    records: Iterable<T>,
    candidate: (record: T, index: number) => EventBridgeEvent | undefined,
  ): Promise<void> {
    let i = 0;
    for (const record of records) {
      const event = candidate(record, i);
      if (event !== undefined) await this.run(event, i);
      i += 1;
    }
  }

  /** One parsed document: a log file's records one by one, anything else through intake. */
  async document(value: unknown, source: string): Promise<void> {
    const records = isJsonObject(value) ? own(value, 'Records') : undefined;
    if (Array.isArray(records)) {
      await this.records(records);
      return;
    }
    if (tooDeep(value)) {
      noteProblem(this.tally, `${source}: JSON nesting is deeper than ${MAX_DEPTH} levels`);
      return;
    }
    let i = 0;
    for (const item of classify(value, source, { readOnly: this.readOnlyWanted })) {
      if (item.kind === 'event') await this.event(item.event, i);
      else if (item.kind === 'error') noteProblem(this.tally, `${item.source}: ${item.error}`);
      else this.tally.readOnly += 1;
      i += 1;
    }
  }
}

/**
 * Reads one object and tallies what every playbook would have done with its records. A bad
 * object (unreadable, not JSON, not UTF-8, too large) is counted and named, never fatal.
 *
 * @example const { tally, lines } = await processObject({ kind: 'file', path: 'trail.json.gz' }, ctx)
 */
export async function processObject(ref: ObjectRef, ctx: BacktestContext): Promise<ObjectOutcome> {
  const name = nameOf(ref);
  let bytes: Buffer;
  try {
    bytes = await readBytes(
      await openObject(ref, ctx.s3),
      /\.gz$/i.test(name),
      ctx.maxBytes ?? DEFAULT_MAX_BYTES,
    );
  } catch (error) {
    const reader = readerOf(ctx, name);
    noteProblem(reader.tally, `${name}: cannot read: ${messageOf(error)}`);
    return { tally: reader.tally, lines: [] };
  }
  const jsonLines = /\.jsonl(\.gz)?$/i.test(name);
  const span = jsonLines ? undefined : recordSpan(bytes);
  if (span) {
    const reader = readerOf(ctx, name);
    try {
      await reader.logRecords(logRecords(bytes, span, TOP_FIELDS));
      return { tally: reader.tally, lines: reader.lines };
    } catch (error) {
      // Not laid out as it looked: what this reader counted is dropped, and the whole text
      // is read below, as any other document is.
      if (!(error instanceof NotALogLayout)) throw error;
    }
  }
  return readWhole(textOf(bytes), jsonLines, readerOf(ctx, name));
}

/** An object's text parsed whole: JSON Lines one document per line, anything else as one. */
async function readWhole(
  text: string,
  jsonLines: boolean,
  reader: ObjectReader,
): Promise<ObjectOutcome> {
  const { name } = reader;
  if (jsonLines) {
    for (const doc of parseDocuments(text, name, { lines: true })) {
      if ('error' in doc) noteProblem(reader.tally, `${doc.source}: ${doc.error}`);
      else await reader.document(doc.value, doc.source);
    }
  } else {
    const parsed = parseInParts(text);
    if ('error' in parsed) noteProblem(reader.tally, `${name}: ${parsed.error}`);
    else await reader.document(parsed.value, name);
  }
  return { tally: reader.tally, lines: reader.lines };
}

const readerOf = (ctx: BacktestContext, name: string): ObjectReader => {
  const reader = new ObjectReader(ctx, name);
  reader.tally.objects = 1;
  return reader;
};
