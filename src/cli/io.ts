/** Where a command writes; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Resolves once `out` has taken what was written (a pipe's reader keeps up), so output streams. */
  drained?: () => Promise<void>;
  /** Set when standard output is a terminal: its width, for wrapping. */
  columns?: number;
  /** Whether standard output is a terminal (colour, unless NO_COLOR says otherwise). */
  outIsTTY?: boolean;
  /** Standard error when it is a terminal, for progress that redraws itself. */
  progress?: NodeJS.WriteStream;
}

export const processIo = (): Io => ({
  out: (text) => process.stdout.write(text),
  drained: () =>
    process.stdout.writableNeedDrain
      ? new Promise((resolve) => process.stdout.once('drain', resolve))
      : Promise.resolve(),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
  env: process.env,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  outIsTTY: process.stdout.isTTY === true,
  progress: process.stderr.isTTY ? process.stderr : undefined,
});

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A problem the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
