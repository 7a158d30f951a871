import type { EventResult } from '../engine/index.js';
import { formatEvent, formatSummary } from './format-human.js';
import type { Io } from './io.js';
import type { ReplaySummary } from './replay-summary.js';
import type { Terminal } from './terminal.js';

export type ReplayFormat = 'human' | 'json' | 'jsonl';

/** Where replay writes each event's result as it is ready, then the summary. */
export interface ReplayOutput {
  event(result: EventResult): Promise<void>;
  end(summary: ReplaySummary): void;
}

/** `JSON.stringify(value, null, 2)` as it would print nested `depth` levels deep. */
const nested = (value: unknown, depth: number): string =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

/**
 * The `--json` document, written event by event: byte for byte what
 * `JSON.stringify({ events, summary }, null, 2)` prints, without holding
 * every result (a million records, or a 35 MB log file, do not fit in one string).
 */
function jsonDocument(io: Io): ReplayOutput {
  let first = true;
  return {
    async event(result) {
      io.out(`${first ? '{\n  "events": [\n' : ',\n'}    ${nested(result, 2)}`);
      first = false;
      await io.drained?.();
    },
    end(summary) {
      const events = first ? '{\n  "events": []' : '\n  ]';
      io.out(`${events},\n  "summary": ${nested(summary, 1)}\n}\n`);
    },
  };
}

/** `--jsonl`: one event result per line, then one line `{"summary": ...}`. */
function jsonLines(io: Io): ReplayOutput {
  return {
    async event(result) {
      io.out(`${JSON.stringify(result)}\n`);
      await io.drained?.();
    },
    end(summary) {
      io.out(`${JSON.stringify({ summary })}\n`);
    },
  };
}

function human(io: Io, terminal: Terminal): ReplayOutput {
  return {
    async event(result) {
      io.out(formatEvent(result, terminal));
      await io.drained?.();
    },
    end(summary) {
      io.out(formatSummary(summary, terminal));
    },
  };
}

/**
 * Replay's output in the chosen format, streamed: each result is written
 * (waiting for a slow reader) and dropped.
 * @example const output = replayOutput('jsonl', io); await output.event(result); output.end(summary)
 */
export const replayOutput = (format: ReplayFormat, io: Io, terminal: Terminal): ReplayOutput =>
  format === 'json' ? jsonDocument(io) : format === 'jsonl' ? jsonLines(io) : human(io, terminal);
