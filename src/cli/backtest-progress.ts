import type { ObjectRef } from '../backtest/sources.js';

/** What is shown while a backtest runs. */
export interface Progress {
  update(done: { objects: number; records: number }): void;
  stop(): void;
}

const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/**
 * A progress line on stderr (objects, records, records/s, ETA), redrawn a few times a second;
 * only when stderr is a terminal. The objects are counted by a second, concurrent listing
 * (listing is cheap next to reading), so the ETA appears once that listing is done.
 */
export async function progressOf(
  enabled: boolean,
  listAgain: () => AsyncIterable<ObjectRef>,
): Promise<Progress | undefined> {
  if (!enabled) return undefined;
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    // {total} and {eta} are cli-progress's own tokens, hence other names.
    format:
      'backtest | {objects}/{listed} objects | {records} records | {rate} records/s | ETA {left}',
    stream: process.stderr,
    fps: 4,
    hideCursor: true,
  });
  const started = Date.now();
  let total: number | undefined;
  let stopped = false;
  bar.start(0, 0, { objects: 0, listed: '?', records: 0, rate: 0, left: '?' });
  void (async () => {
    let n = 0;
    for await (const _ of listAgain()) {
      if (stopped) return;
      n += 1;
    }
    total = n;
  })().catch(() => {
    // The count is only for the ETA: the backtest itself reports what it cannot list.
  });
  return {
    update: ({ objects, records }) => {
      const seconds = (Date.now() - started) / 1000;
      const left =
        total !== undefined && objects > 0 ? clock((seconds * (total - objects)) / objects) : '?';
      bar.update(objects, {
        objects,
        listed: total ?? '?',
        records,
        rate: Math.round(records / Math.max(seconds, 0.001)),
        left,
      });
    },
    stop: () => {
      stopped = true;
      bar.stop();
    },
  };
}
