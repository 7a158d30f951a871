import { ClientFactory } from '../../../src/aws/index.js';
import { createExecutor, type EventResult, runEvent } from '../../../src/engine/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import type { Playbook } from '../../../src/playbook/index.js';
import { parsePlaybook } from '../../../src/playbook/load-file.js';
import { readSettings, type Settings } from '../../../src/settings.js';
import { applyEnv, type Keys, motoEnv, REGION } from './aws.js';
import { type Moto, SECURITY_ACCOUNT } from './moto.js';

/** The stack role parry runs as in these tests (its events and its self-protection). */
export const RESPONDER_ROLE_ARN = `arn:aws:iam::${SECURITY_ACCOUNT}:role/parry-e2e-responder`;

/** parry's settings as the stack sets them, in the suite's own account. */
export const e2eSettings = (env: Record<string, string> = {}): Settings =>
  readSettings({
    PARRY_ACCOUNT_ID: SECURITY_ACCOUNT,
    PARRY_RESPONDER_ROLE_ARN: RESPONDER_ROLE_ARN,
    AWS_REGION: REGION,
    ...env,
  });

/**
 * A playbook from YAML text, loaded as `parry validate` loads it: an invalid
 * one fails the test with its errors.
 * @example playbook('name: q\nmode: enforce\nmatch: { source: [aws.guardduty] }\nactions: [{ type: tag, tags: { a: b } }]')
 */
export function playbook(yaml: string, file = 'e2e.yml'): Playbook {
  const { playbook: loaded, errors } = parsePlaybook(yaml, file);
  if (!loaded) throw new Error(errors.map(String).join('\n'));
  return loaded;
}

/** An enforce-mode playbook with these actions, for any event of this source. */
export const enforce = (name: string, source: string, actions: string): Playbook =>
  playbook(`name: ${name}\nmode: enforce\nmatch:\n  source: [${source}]\nactions:\n${actions}`);

export interface RunOptions {
  settings?: Settings;
  /** The credentials parry runs with (the default: the suite's own account). */
  keys?: Keys;
  now?: () => Date;
}

/**
 * Runs parry in-process against moto, as `replay --execute` does: the SDK
 * finds moto through AWS_ENDPOINT_URL, parry's factory makes every client
 * (and assumes the member role for other accounts) itself.
 * @example const result = await runParry(moto(), [quarantine], finding)
 */
export async function runParry(
  moto: Moto,
  playbooks: readonly Playbook[],
  event: EventBridgeEvent,
  options: RunOptions = {},
): Promise<EventResult> {
  const settings = options.settings ?? e2eSettings();
  const keys = options.keys;
  const restore = applyEnv(
    motoEnv(
      moto,
      keys
        ? {
            AWS_ACCESS_KEY_ID: keys.accessKeyId,
            AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
            ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
          }
        : {},
    ),
  );
  try {
    const factory = new ClientFactory({ settings });
    const executor = createExecutor(factory, settings, options.now);
    return await runEvent(event, 'e2e', playbooks, { settings, executor, now: options.now });
  } finally {
    restore();
  }
}

/** The one action result of a one-playbook, one-action run (fails the test otherwise). */
export function onlyAction(result: EventResult) {
  const action = result.playbooks[0]?.actions[0];
  if (result.playbooks.length !== 1 || !action) {
    throw new Error(`expected one playbook with an action: ${JSON.stringify(result)}`);
  }
  return action;
}
