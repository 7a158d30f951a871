import type { z } from 'zod';
import type { ActionBehaviour, Mode } from '../actions/types.js';
import type { CompiledPattern } from '../match/index.js';
import type { CompiledValue } from '../template/index.js';
import type { SourcePosition } from './errors.js';
import type { PlaybookTestCase } from './test-cases.js';

export type OnError = 'continue' | 'stop';

/**
 * How an action's rendered params are checked: params without a template
 * were checked when the playbook was loaded (or built), and are used as
 * checked then; with a template, by the action's schema once rendered (the
 * Lambda imports that schema only then).
 */
export type ParamsCheck = { checked: unknown } | { schema: () => Promise<z.ZodType> };

export interface PlaybookAction {
  index: number;
  type: string;
  behaviour: ActionBehaviour;
  onError: OnError;
  /** The params as written (templates unresolved), for reports. */
  source: Record<string, unknown>;
  params: CompiledValue;
  check: ParamsCheck;
  line: number;
}

/** A loaded, validated playbook: patterns compiled and templates parsed once. */
export interface Playbook {
  name: string;
  description?: string;
  enabled: boolean;
  mode: Mode;
  rerunOnSeverityIncrease: boolean;
  /**
   * EventBridge delivers read-only CloudTrail management events to its rule too
   * (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).
   */
  readOnlyEvents: boolean;
  file: string;
  /** Where its `name` is written. */
  position: SourcePosition;
  match: CompiledPattern;
  unless: CompiledPattern[];
  actions: PlaybookAction[];
  /** Its `tests:`, with the line each starts on; run by `parry test`. */
  tests: (PlaybookTestCase & { line: number })[];
}
