import { readFile } from 'node:fs/promises';
import { eventBridgeEventSchema } from '../event/envelope.js';
import { compilePatternText, InvalidPatternError } from '../match/index.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';

/** An argument is inline JSON when it starts like JSON; otherwise it names a file. */
async function readArgument(value: string, what: string): Promise<string> {
  const trimmed = value.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return value;
  try {
    return await readFile(value, 'utf8');
  } catch {
    throw new UserError(`--${what}: cannot read file ${value}`);
  }
}

function parseEvent(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`--event: not valid JSON (${(error as Error).message})`);
  }
  const checked = eventBridgeEventSchema.safeParse(value);
  if (!checked.success) {
    const fields = [...new Set(checked.error.issues.map((i) => i.path.join('.') || 'event'))];
    throw new UserError(
      `--event: Parameter Event is not valid: not an EventBridge event (${fields.join(', ')})`,
    );
  }
  return checked.data;
}

/** `parry test-pattern`: `aws events test-event-pattern`, offline. */
export async function testPatternCommand(
  options: { pattern: string; event: string },
  io: Io,
): Promise<number> {
  const patternText = await readArgument(options.pattern, 'pattern');
  const event = parseEvent(await readArgument(options.event, 'event'));
  try {
    const pattern = compilePatternText(patternText);
    io.out(`${pattern.matches(event)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    io.err(`Event pattern is not valid. Reason: ${error.reason}\n`);
    return EXIT_FAILURE;
  }
}
