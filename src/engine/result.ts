import type { ActionResult, Mode } from '../actions/types.js';

export type PlaybookStatus = 'planned' | 'skipped' | 'executed' | 'failed';

export interface PlaybookResult {
  name: string;
  mode: Mode;
  status: PlaybookStatus;
  reason?: string;
  actions: ActionResult[];
}

/** One input event and what every matching playbook did with it: the `replay --json` document. */
export interface EventResult {
  source: string;
  id?: string;
  detailType?: string;
  error?: string;
  playbooks: PlaybookResult[];
}
