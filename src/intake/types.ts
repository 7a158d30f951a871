import type { EventBridgeEvent } from '../event/envelope.js';

/** Where an event came from before it was (or was not) wrapped in an EventBridge envelope. */
export type IntakeOrigin = 'eventbridge' | 'guardduty-finding' | 'cloudtrail-record';

/** One result of reading inputs: an event to replay, a reason it cannot be used, or a skip. */
export type IntakeItem =
  | {
      kind: 'event';
      source: string;
      event: EventBridgeEvent;
      origin: IntakeOrigin;
      /** A read-only management record, wrapped because `readOnly` was asked for. */
      readOnly?: true;
    }
  | { kind: 'error'; source: string; error: string }
  | { kind: 'skipped'; source: string; reason: 'read-only' };

export interface ReadOptions {
  /** Read by the path `-`; defaults to `process.stdin`. */
  stdin?: NodeJS.ReadableStream;
  /** Largest input accepted, in bytes, before and after gzip decompression. Default 64 MiB. */
  maxBytes?: number;
  /**
   * Wrap read-only management records too (marked `readOnly`), for playbooks whose rule
   * receives them; by default they are `skipped`, as EventBridge holds them back from rules
   * in the ENABLED state.
   */
  readOnly?: boolean;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
