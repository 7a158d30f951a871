import type { Playbook } from '../playbook/index.js';

/**
 * Actions that only tell someone (a message on a topic, an event on a bus)
 * and change no resource. Every other action changes state, and so does any
 * action added later until it is listed here: the breaker errs towards
 * counting.
 */
const MESSAGE_ONLY: ReadonlySet<string> = new Set(['notify', 'emit-event']);

/**
 * Whether a run of the playbook counts against the circuit breaker's budget:
 * it does when any of its actions changes state. A notify-only playbook is
 * never counted and never deferred, so cheap findings cannot spend the
 * budget that containment needs.
 * @example changesState(quarantinePlaybook) // true
 */
export const changesState = (playbook: Playbook): boolean =>
  playbook.actions.some((a) => !MESSAGE_ONLY.has(a.type));
