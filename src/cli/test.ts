import { writeFile } from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import { humanReport } from '../playbook-tests/human.js';
import { junitReport } from '../playbook-tests/junit.js';
import { collectTests } from '../playbook-tests/load.js';
import { failedCount, type TestRun } from '../playbook-tests/outcome.js';
import { runCase } from '../playbook-tests/run.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';
import { terminalOf } from './terminal.js';

export interface TestOptions {
  reporter: 'human' | 'junit';
  output?: string;
}

/**
 * `parry test [paths...]`: runs every playbook's tests and reports each case;
 * exit 1 when any case fails, cannot run, or a file cannot be read.
 */
export async function testCommand(paths: string[], options: TestOptions, io: Io): Promise<number> {
  const collected = await collectTests(paths.length > 0 ? paths : ['playbooks']);
  for (const error of collected.errors) io.err(`${error.message}\n`);
  const suites = [];
  for (const { playbook, cases } of collected.suites) {
    const results = [];
    for (const test of cases) results.push({ test, result: await runCase(playbook, test) });
    suites.push({ playbook, results });
  }
  const total = suites.reduce((n, s) => n + s.results.length, 0);
  const failed = failedCount({ suites });
  const run: TestRun = { suites, untested: collected.untested, passed: total - failed, failed };
  const terminal = terminalOf(io);
  const human = humanReport(run, terminal);
  if (options.reporter === 'junit') {
    const xml = junitReport(run);
    if (options.output) {
      await writeFile(options.output, xml).catch((error: unknown) => {
        throw new UserError(
          `--output ${options.output}: cannot write: ${(error as Error).message}`,
        );
      });
      io.out(human);
    } else {
      io.out(xml);
    }
  } else if (options.output) {
    await writeFile(options.output, stripVTControlCharacters(human));
  } else {
    io.out(human);
  }
  if (total === 0 && collected.errors.length === 0) {
    io.err('parry test: no tests found: add tests: to a playbook, or <name>.test.yml beside it\n');
    return EXIT_FAILURE;
  }
  return failed > 0 || collected.errors.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
