import { expect } from 'vitest';
import { type CompiledPattern, compileMachine } from '../../src/match/index.js';

/**
 * The verdict of one pattern on one event, asked both ways: through the per-pattern evaluator
 * (`matches()`) and through the combined machine holding only that pattern. Every conformance
 * case goes through here, so the machine is held to the same recorded AWS results.
 */
export function verdictOf(pattern: CompiledPattern, event: unknown): boolean {
  const alone = pattern.matches(event);
  const combined = compileMachine([pattern]).matching(event);
  expect(combined, 'the combined machine agrees with matches()').toEqual(alone ? [0] : []);
  return alone;
}
