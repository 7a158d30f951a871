import { Readable } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with captured output; `io` sets the terminal the output goes to. */
export async function runCli(
  args: string[],
  options: {
    stdin?: string;
    env?: NodeJS.ProcessEnv;
    io?: Partial<Pick<Io, 'columns' | 'outIsTTY' | 'progress'>>;
  } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdin: Readable.from([options.stdin ?? '']),
    env: options.env ?? {},
    ...options.io,
  });
  return { code, out, err };
}
