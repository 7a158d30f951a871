import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { SettingsError } from '../settings.js';
import { type AwsOptions, addAwsOptions } from './aws-options.js';
import type { BacktestCliOptions } from './backtest.js';
import type { DoctorCommandOptions } from './doctor.js';
import { EXIT_FAILURE, EXIT_USAGE, type Io, processIo, UserError } from './io.js';
import { VERSION } from './version.js';

/**
 * dist/backtest-worker.js beside the CLI bundle. Found from here because this module is the
 * bundle's entry (dist/cli.js), while the command modules load from chunks in a folder below;
 * from the sources there is none, and the backtest reads in its own thread.
 */
const bundledWorker = (): string | undefined => {
  const file = fileURLToPath(new URL('./backtest-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
};

// Each command's module is loaded when it runs: `parry backtest` need not load the AWS
// clients of `parry doctor`, nor `parry validate` the engine.
function program(io: Io, setCode: (code: number) => void): Command {
  const root = new Command('parry')
    .description('Automated responder for AWS security events: validate playbooks, replay events')
    .version(VERSION, '-V, --version', 'print the version of parry')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');
  root
    .command('validate')
    .description('check playbooks; print every problem as file:line:col: message')
    .argument('[paths...]', 'playbook files or folders', [])
    .action(async (paths: string[]) =>
      setCode(await (await import('./validate.js')).validateCommand(paths, io)),
    );
  const replay = root
    .command('replay')
    .description('run events through the playbooks and print what parry would do')
    .argument('<paths...>', 'event files or folders (recursive), .json/.jsonl/.gz, or - for stdin')
    .option('--playbooks <dir>', 'playbook folder or file', 'playbooks')
    .option('--json', 'print one JSON document instead of a readable summary', false)
    .addOption(
      new Option('--jsonl', 'print JSON Lines: one result per event, then {"summary": ...}')
        .default(false)
        .conflicts('json'),
    )
    .option(
      '--execute',
      'run enforce-mode playbooks against AWS (default credential chain, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL); dry-run playbooks still only plan',
      false,
    )
    .option('--explain', 'after each event, say why each playbook matched or not', false)
    .option('--verbose', 'name each read-only record skipped', false);
  addAwsOptions(replay).action(
    async (
      paths: string[],
      opts: {
        playbooks: string;
        json: boolean;
        jsonl: boolean;
        execute: boolean;
        explain: boolean;
        verbose: boolean;
      } & AwsOptions,
    ) => {
      if (opts.explain && (opts.json || opts.jsonl)) {
        throw new UserError(
          '--explain is for reading: use parry explain --json for explanations as JSON',
        );
      }
      setCode(await (await import('./replay.js')).replayCommand(paths, opts, io));
    },
  );
  root
    .command('explain')
    .description(
      'say why each playbook matches an event or not: field by field, then unless, guards, mode and exempt tag',
    )
    .argument('<paths...>', 'event files or folders, any input replay reads, or - for stdin')
    .option('--playbooks <dir>', 'playbook folder or file', 'playbooks')
    .option('--playbook <name...>', 'only these playbooks')
    .option('--json', 'print one JSON document', false)
    .action(
      async (paths: string[], opts: { playbooks: string; playbook?: string[]; json: boolean }) =>
        setCode(await (await import('./explain.js')).explainCommand(paths, opts, io)),
    );
  root
    .command('test')
    .description("run the playbooks' tests (tests: in a playbook, or <name>.test.yml beside it)")
    .argument('[paths...]', 'playbook files, test files or folders', [])
    .addOption(
      new Option('--reporter <name>', 'human, or junit for JUnit XML')
        .choices(['human', 'junit'])
        .default('human'),
    )
    .option(
      '--output <file>',
      'write the report to a file (with junit, the readable one still goes to stdout)',
    )
    .action(async (paths: string[], opts: { reporter: 'human' | 'junit'; output?: string }) =>
      setCode(await (await import('./test.js')).testCommand(paths, opts, io)),
    );
  root
    .command('schema')
    .description('print the JSON Schema of a playbook, for editors (playbook.schema.json)')
    .option(
      '--tests',
      'the schema of a <name>.test.yml file instead (playbook-tests.schema.json)',
      false,
    )
    .action(async (opts: { tests: boolean }) =>
      setCode((await import('./schema.js')).schemaCommand(opts, io)),
    );
  root
    .command('coverage')
    .description(
      'which playbooks answer each GuardDuty finding type and high-risk CloudTrail call, and how',
    )
    .option('--playbooks <dir>', 'playbook folder or file', 'playbooks')
    .option('--html <file>', 'also write the report as one self-contained HTML page')
    .option('--summary', 'only the totals per resource type and the CloudTrail calls', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (opts: { playbooks: string; html?: string; summary: boolean; json: boolean }) =>
      setCode(await (await import('./coverage.js')).coverageCommand(opts, io)),
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
      setCode(
        await (await import('./backtest.js')).backtestCommand(
          paths,
          { ...opts, workerFile: bundledWorker() },
          io,
        ),
      ),
    );
  root
    .command('actions')
    .description('list the response actions, their params, targets and IAM permissions')
    .option('--markdown', 'print the full reference as Markdown (the README section)', false)
    .action(async (opts: { markdown: boolean }) =>
      setCode((await import('./actions.js')).actionsCommand(opts, io)),
    );
  root
    .command('test-pattern')
    .description(
      'test an EventBridge pattern against an event, offline (like aws events test-event-pattern)',
    )
    .addOption(
      new Option(
        '--pattern <file|json>',
        'the event pattern: inline JSON, a file (or file://path), or a playbook .yml (its match)',
      ).makeOptionMandatory(),
    )
    .addOption(new Option('--event <file|json>', 'the event').makeOptionMandatory())
    .option('--json', 'print AWS\'s answer, {"Result": true}', false)
    .action(async (opts: { pattern: string; event: string; json: boolean }) =>
      setCode(await (await import('./test-pattern.js')).testPatternCommand(opts, io)),
    );
  root
    .command('doctor')
    .description(
      'check a deployment against the playbooks on disk (read-only) and print each gap with its fix',
    )
    .option('--stage <stage>', 'the stage deployed', 'dev')
    .option('--region <regions>', 'the Regions it runs in, comma-separated (default AWS_REGION)')
    .option('--profile <profile>', 'the AWS profile to read with (default credential chain)')
    .option(
      '--accounts <ids>',
      'member accounts to check (default: every account of the Organization)',
    )
    .option('--playbooks <dir>', 'playbook folder or file', 'playbooks')
    .option('--stackset-region <region>', 'where the StackSets were created', 'us-east-1')
    .option('--json', 'print the findings as JSON', false)
    .action(async (opts: DoctorCommandOptions) =>
      setCode(await (await import('./doctor.js')).doctorCommand(opts, io)),
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
