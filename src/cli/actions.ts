import { allActions } from '../actions/registry.js';
import { actionsReference } from '../docs/actions-reference.js';
import { shapeOf } from '../docs/zod-describe.js';
import { EXIT_OK, type Io } from './io.js';

/** `parry actions`: what each action does, its params and the IAM permissions it needs. */
export function actionsCommand(options: { markdown: boolean }, io: Io): number {
  if (options.markdown) {
    io.out(`${actionsReference()}\n`);
    return EXIT_OK;
  }
  for (const a of allActions()) {
    io.out(`${a.type}\n  ${a.summary}\n`);
    io.out(`  params: ${Object.keys(shapeOf(a.params)).join(', ') || '(none)'}\n`);
    io.out(`  permissions: ${a.permissions.join(', ')}\n`);
  }
  return EXIT_OK;
}
