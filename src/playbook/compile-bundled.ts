import { getBehaviour, loadParamsSchema } from '../actions/behaviours.js';
import { compilePattern } from '../match/pattern.js';
import { compileValue } from '../template/value.js';
import type { BundledAction, BundledPlaybook } from './bundle.js';
import type { Playbook, PlaybookAction } from './types.js';

/** Raised when a bundled playbook cannot be compiled: the build validates them, so this means a broken build. */
export class BundledPlaybookError extends Error {
  override readonly name = 'BundledPlaybookError';
}

function actionOf(playbook: BundledPlaybook, action: BundledAction): PlaybookAction {
  const behaviour = getBehaviour(action.type);
  if (!behaviour) {
    throw new BundledPlaybookError(
      `${playbook.file}:${action.line}: unknown action type "${action.type}" (a broken build)`,
    );
  }
  return {
    index: action.index,
    type: action.type,
    behaviour,
    onError: action.onError,
    source: action.source,
    params: compileValue(action.source),
    check:
      'checked' in action
        ? { checked: action.checked }
        : { schema: () => loadParamsSchema(action.type) },
    line: action.line,
  };
}

/**
 * Compiles validated playbooks passed on as JSON data: their patterns and
 * templates. The Lambda's were validated by the build (scripts/build-lambda.mjs)
 * and a backtest worker's by the main thread, so neither loads a YAML parser or
 * the full schema.
 * @example const playbooks = compileBundled(PLAYBOOKS)
 */
export function compileBundled(bundled: readonly BundledPlaybook[]): Playbook[] {
  return bundled.map((p) => ({
    name: p.name,
    ...(p.description === undefined ? {} : { description: p.description }),
    enabled: p.enabled,
    mode: p.mode,
    rerunOnSeverityIncrease: p.rerunOnSeverityIncrease,
    readOnlyEvents: p.readOnlyEvents,
    file: p.file,
    position: p.position,
    match: compilePattern(p.match),
    unless: p.unless.map((u) => compilePattern(u)),
    actions: p.actions.map((a) => actionOf(p, a)),
    tests: [],
  }));
}
