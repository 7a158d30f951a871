import type { Terminal } from '../cli/terminal.js';
import { wrap } from '../cli/terminal.js';
import type { TestRun } from './outcome.js';
import type { CaseResult } from './run.js';

function detailLines(result: CaseResult, t: Terminal): string[] {
  const { color } = t;
  if (result.status === 'error') return [wrap(color.red(result.error), t.width, 6)];
  if (result.status !== 'failed') return [];
  const lines = result.mismatches.map((m) =>
    wrap(`${color.bold(m.path || 'outcome')}: ${m.message}`, t.width, 6, 2),
  );
  lines.push(`      ${color.red('- expected')}`, `      ${color.green('+ actual')}`);
  for (const d of result.diff) {
    const sign =
      d.kind === 'expected'
        ? color.red(`- ${d.text}`)
        : d.kind === 'actual'
          ? color.green(`+ ${d.text}`)
          : color.dim(`  ${d.text}`);
    lines.push(`      ${sign}`);
  }
  return lines;
}

/**
 * One line per case (a mark, the name, its time), a diff under each failure,
 * then one summary line: `tests: 11 passed, 1 failed`.
 */
export function humanReport(run: TestRun, t: Terminal): string {
  const { color } = t;
  const out: string[] = [];
  for (const { playbook, results } of run.suites) {
    out.push(`${color.bold(playbook.name)} ${color.dim(`(${playbook.file})`)}`);
    for (const { test, result } of results) {
      const mark =
        result.status === 'passed'
          ? color.green('✓')
          : result.status === 'failed'
            ? color.red('✗')
            : color.red('!');
      const where = result.status === 'passed' ? '' : ` ${color.dim(`${test.file}:${test.line}`)}`;
      out.push(
        wrap(`${mark} ${test.name} ${color.dim(`(${result.ms} ms)`)}${where}`, t.width, 2, 2),
        ...detailLines(result, t),
      );
    }
  }
  if (run.untested.length > 0) {
    const names = run.untested.map((p) => `${p.name} (${p.file})`).join(', ');
    out.push('', wrap(`${color.yellow('no tests')}: ${names}`, t.width));
  }
  out.push('', `tests: ${run.passed} passed, ${run.failed} failed`);
  return `${out.join('\n')}\n`;
}
