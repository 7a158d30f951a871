import yoctoSpinner from 'yocto-spinner';
import type { Io } from './io.js';

/** A replay shorter than this shows no progress at all. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

export interface Progress {
  /** Counts one more input; `text` says what the count means so far. */
  tick(text: () => string): void;
  /** Removes the progress line; nothing of it stays on the screen. */
  done(): void;
}

const NONE: Progress = { tick: () => undefined, done: () => undefined };

/**
 * Progress on standard error for long runs, only when it is a terminal: it
 * appears after a second, redraws at most ten times a second, and is cleared
 * at the end, so piped or captured output never carries it.
 * @example const progress = startProgress(io); progress.tick(() => `${n} events`); progress.done()
 */
export function startProgress(io: Io, now: () => number = Date.now): Progress {
  const stream = io.progress;
  if (!stream) return NONE;
  const started = now();
  let last = 0;
  let spinner: ReturnType<typeof yoctoSpinner> | undefined;
  return {
    tick(text) {
      const t = now();
      if (t - started < SHOW_AFTER_MS || t - last < REDRAW_MS) return;
      last = t;
      if (!spinner) spinner = yoctoSpinner({ stream, text: text(), handleSignals: false }).start();
      else spinner.text = text();
    },
    done() {
      spinner?.stop();
    },
  };
}
