import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeJsonError } from '../intake/json-error.js';
import {
  type CompiledPattern,
  compilePattern,
  compilePatternText,
  InvalidPatternError,
} from '../match/index.js';
import { readYaml } from '../playbook/yaml.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';

/**
 * What `TestEventPattern` asks of an event (it answers "Parameter Event is
 * not valid" otherwise): the envelope fields, with `detail-type` a string or a
 * list of strings and `detail` an object or a string, as AWS accepts them.
 */
const testEventSchema = z.looseObject({
  version: z.string().default('0'),
  id: z.string().min(1),
  'detail-type': z.union([z.string(), z.array(z.string())]),
  source: z.string().min(1),
  account: z.string().min(1),
  time: z.string().min(1),
  region: z.string().min(1),
  resources: z.array(z.unknown()).default([]),
  detail: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
});

interface Argument {
  text: string;
  /** The file it was read from, when it was. */
  file?: string;
}

/**
 * Inline JSON when it starts like JSON; `file://path` as the AWS CLI reads
 * it; otherwise a path.
 */
async function readArgument(value: string, what: string): Promise<Argument> {
  const trimmed = value.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { text: value };
  const file = value.startsWith('file://') ? value.slice('file://'.length) : value;
  try {
    return { text: await readFile(file, 'utf8'), file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `--${what}: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`,
    );
  }
}

function parseJson(arg: Argument, what: string): unknown {
  try {
    return JSON.parse(arg.text);
  } catch (error) {
    throw new UserError(
      `--${what}${arg.file ? ` ${arg.file}` : ''}: ${describeJsonError(error, arg.text)}`,
    );
  }
}

function parseEvent(arg: Argument): unknown {
  const value = parseJson(arg, 'event');
  const checked = testEventSchema.safeParse(value);
  if (!checked.success) {
    const fields = [...new Set(checked.error.issues.map((i) => i.path.join('.') || 'event'))];
    throw new UserError(
      `--event: Parameter Event is not valid: not an EventBridge event (${fields.join(', ')})`,
    );
  }
  return checked.data;
}

/** A playbook file stands for its `match`. */
function playbookMatch(arg: Argument & { file: string }): unknown {
  const yaml = readYaml(arg.text, arg.file);
  const problem = yaml.errors[0];
  if (problem) throw new UserError(`--pattern: ${problem.message}`);
  const data = yaml.data as { match?: unknown } | null | undefined;
  if (data === null || typeof data !== 'object' || !('match' in data)) {
    throw new UserError(`--pattern ${arg.file}: a playbook with no match`);
  }
  return data.match;
}

function compileArgument(arg: Argument): CompiledPattern {
  if (arg.file && /\.ya?ml$/i.test(arg.file))
    return compilePattern(playbookMatch({ ...arg, file: arg.file }));
  // Invalid JSON is AWS's to word, as for any pattern text.
  return compilePatternText(arg.text);
}

/**
 * `parry test-pattern`: `aws events test-event-pattern`, offline. `--json`
 * prints AWS's answer, `{"Result": true}`.
 */
export async function testPatternCommand(
  options: { pattern: string; event: string; json?: boolean },
  io: Io,
): Promise<number> {
  const patternArg = await readArgument(options.pattern, 'pattern');
  const event = parseEvent(await readArgument(options.event, 'event'));
  try {
    const result = compileArgument(patternArg).matches(event);
    io.out(options.json ? `${JSON.stringify({ Result: result })}\n` : `${result}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    io.err(`Event pattern is not valid. Reason: ${error.reason}\n`);
    return EXIT_FAILURE;
  }
}
