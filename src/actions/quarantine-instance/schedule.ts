import type { PlannedCall } from '../types.js';

/**
 * The shape of a run: a call, calls one after another (`seq`), or calls at
 * the same time (`par`). The plan is written as a flow so that its call list
 * follows the order in which `execute` starts them.
 */
export type Flow = PlannedCall | { seq: Flow[] } | { par: Flow[] };

/** @example seq(describe, par(swapA, swapB)) */
export const seq = (...flows: Flow[]): Flow => ({ seq: flows });

/** @example par(containment, preservation) */
export const par = (...flows: Flow[]): Flow => ({ par: flows });

/**
 * The calls of a flow in the order they start when every call takes as long
 * as every other: answers arrive in the order the calls were made, and what
 * an answer unblocks starts before the next answer arrives. Concurrent steps
 * therefore interleave here exactly as they do in `execute` against equally
 * fast answers.
 * @example startOrder(par(seq(a, b), c)) // [a, c, b]
 */
export function startOrder(flow: Flow): PlannedCall[] {
  const started: PlannedCall[] = [];
  const answers: (() => void)[] = [];
  const run = (step: Flow, done: () => void): void => {
    if ('seq' in step) {
      const next = (index: number): void => {
        const child = step.seq[index];
        if (child) run(child, () => next(index + 1));
        else done();
      };
      next(0);
    } else if ('par' in step) {
      let pending = step.par.length;
      if (pending === 0) done();
      for (const child of step.par) {
        run(child, () => {
          pending -= 1;
          if (pending === 0) done();
        });
      }
    } else {
      started.push(step);
      answers.push(done);
    }
  };
  run(flow, () => {});
  // The queue grows while it is drained: each answer may start further calls.
  for (let index = 0; index < answers.length; index += 1) answers[index]?.();
  return started;
}
