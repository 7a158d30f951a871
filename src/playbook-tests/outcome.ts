import type { Playbook } from '../playbook/index.js';
import type { TestCase } from './load.js';
import type { CaseResult } from './run.js';

/** Every case run, by playbook, and the totals: what each reporter writes. */
export interface TestRun {
  readonly suites: readonly {
    playbook: Playbook;
    results: { test: TestCase; result: CaseResult }[];
  }[];
  readonly untested: readonly Playbook[];
  readonly passed: number;
  readonly failed: number;
}

export const failedCount = (run: Pick<TestRun, 'suites'>): number =>
  run.suites.reduce((n, s) => n + s.results.filter((r) => r.result.status !== 'passed').length, 0);
