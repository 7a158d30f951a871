import junitModule, { type Builder } from 'junit-report-builder';
import type { TestRun } from './outcome.js';

// The package is CommonJS (module.exports = a builder) but typed as an ES module with a default.
const root = junitModule as unknown as Builder & { default?: Builder };
const junit: Builder = root.default ?? root;

/**
 * The run as JUnit XML, the format CI systems read: one suite per playbook,
 * one case per test; a mismatch is a failure, an unusable case an error.
 * @example writeFile('report.xml', junitReport(run))
 */
export function junitReport(run: TestRun): string {
  const builder = junit.newBuilder().name('parry playbook tests');
  for (const { playbook, results } of run.suites) {
    const suite = builder.testSuite().name(playbook.name).property('file', playbook.file);
    for (const { test, result } of results) {
      const testCase = suite
        .testCase()
        .className(playbook.name)
        .name(test.name)
        .file(`${test.file}:${test.line}`)
        .time(result.ms / 1000);
      if (result.status === 'failed') {
        const diff = result.diff.map(
          (d) => `${d.kind === 'expected' ? '-' : d.kind === 'actual' ? '+' : ' '} ${d.text}`,
        );
        testCase
          .failure(result.mismatches.map((m) => `${m.path}: ${m.message}`).join('; '), 'mismatch')
          .standardOutput(['- expected', '+ actual', ...diff].join('\n'));
      } else if (result.status === 'error') {
        testCase.error(result.error, 'unusable case');
      }
    }
  }
  return builder.build();
}
