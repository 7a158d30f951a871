import { getBehaviour, loadParamsSchema } from '../actions/behaviours.js';
import { compilePattern } from '../match/pattern.js';
import type { BundledAction, BundledPlaybook } from '../playbook/bundle.js';
import type { Playbook, PlaybookAction } from '../playbook/types.js';
import { compileValue } from '../template/value.js';

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
 * Compiles the playbooks embedded at build time, once per cold start: their
 * patterns and templates; they were validated by the build
 * (scripts/build-lambda.mjs), so no YAML parser or schema is loaded here.
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
