import { Command, CommanderError, Option } from 'commander';
import { SettingsError } from '../settings.js';
import { actionsCommand } from './actions.js';
import { type BacktestCliOptions, backtestCommand } from './backtest.js';
import { EXIT_FAILURE, EXIT_USAGE, type Io, processIo, UserError } from './io.js';
import { replayCommand } from './replay.js';
import { testPatternCommand } from './test-pattern.js';
import { validateCommand } from './validate.js';

function program(io: Io, setCode: (code: number) => void): Command {
  const root = new Command('parry')
    .description('Automated responder for AWS security events: validate playbooks, replay events')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');
  root
    .command('validate')
    .description('check playbooks; print every problem as file:line:col: message')
    .argument('[paths...]', 'playbook files or folders', [])
    .action(async (paths: string[]) => setCode(await validateCommand(paths, io)));
  root
    .command('replay')
    .description('run events through the playbooks and print what parry would do')
    .argument('<paths...>', 'event files or folders (recursive), .json/.jsonl/.gz, or - for stdin')
    .option('--playbooks <dir>', 'playbook folder or file', 'playbooks')
    .option('--json', 'print one JSON document instead of a readable summary', false)
    .option(
      '--execute',
      'run enforce-mode playbooks against AWS (default credential chain, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL); dry-run playbooks still only plan',
      false,
    )
    .action(async (paths: string[], opts: { playbooks: string; json: boolean; execute: boolean }) =>
      setCode(await replayCommand(paths, opts, io)),
    );
  root
    .command('backtest')
    .description(
      'what the playbooks would have done over a CloudTrail archive: folders, s3://bucket/prefix, or through Athena',
    )
    .argument(
      '[paths...]',
      'folders or files (CloudTrail layout pruned by key), or s3://bucket/prefix',
    )
    .option('--playbooks <dir>', 'playbook folder or file', 'playbooks')
    .option('--since <time>', 'first day or time (UTC), e.g. 2026-01-01')
    .option('--until <time>', 'end day or time (UTC, exclusive)')
    .option('--accounts <ids>', 'only these accounts (comma-separated)')
    .option('--regions <names>', 'only these regions (comma-separated)')
    .option('--jsonl', 'one JSON line per match on stdout (the summary goes to stderr)', false)
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option(
      '--max-actions-per-hour <n>',
      'the circuit breaker to model (PARRY_MAX_ACTIONS_PER_HOUR)',
      '20',
    )
    .option('--athena', 'find the objects with an Athena prefilter query first', false)
    .option('--table <name>', 'with --athena: the CloudTrail table')
    .option('--database <name>', 'with --athena: its database')
    .option('--workgroup <name>', 'with --athena: the workgroup to run in')
    .option(
      '--output-location <s3url>',
      'with --athena: results location, if the workgroup has none',
    )
    .option(
      '--partitions <cols>',
      'with --athena: account,region,date partition columns, or none',
      'account,region,timestamp',
    )
    .action(async (paths: string[], opts: BacktestCliOptions) =>
      setCode(await backtestCommand(paths, opts, io)),
    );
  root
    .command('actions')
    .description('list the response actions, their params, targets and IAM permissions')
    .option('--markdown', 'print the full reference as Markdown (the README section)', false)
    .action((opts: { markdown: boolean }) => setCode(actionsCommand(opts, io)));
  root
    .command('test-pattern')
    .description(
      'test an EventBridge pattern against an event, offline (like aws events test-event-pattern)',
    )
    .addOption(new Option('--pattern <file|json>', 'the event pattern').makeOptionMandatory())
    .addOption(new Option('--event <file|json>', 'the event').makeOptionMandatory())
    .action(async (opts: { pattern: string; event: string }) =>
      setCode(await testPatternCommand(opts, io)),
    );
  return root;
}

/**
 * Runs the CLI and returns its exit code: 0 ok, 1 invalid input or failure, 2 usage.
 * @example process.exitCode = await main(['validate', 'playbooks'])
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const cli = program(io, (c) => {
    code = c;
  });
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? 0
        : EXIT_USAGE;
    }
    if (error instanceof UserError || error instanceof SettingsError) {
      io.err(`parry: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    io.err(`parry: internal error: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
