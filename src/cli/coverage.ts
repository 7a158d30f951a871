import { writeFile } from 'node:fs/promises';
import { computeCoverage } from '../coverage/compute.js';
import { shippedFindingTypes } from '../coverage/finding-types.js';
import { coverageHtml } from '../coverage/html.js';
import { coverageText } from '../coverage/terminal.js';
import { readSettings } from '../settings.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';
import { playbooksOrReport } from './playbooks-or-report.js';
import { terminalOf } from './terminal.js';

export interface CoverageOptions {
  playbooks: string;
  html?: string;
  json: boolean;
  summary: boolean;
}

/**
 * `parry coverage`: which enabled playbooks answer each GuardDuty finding
 * type and each high-risk CloudTrail call, and with what. Planned only, with
 * the default settings, so the report is the same wherever it runs.
 */
export async function coverageCommand(options: CoverageOptions, io: Io): Promise<number> {
  const playbooks = await playbooksOrReport(options.playbooks, 'coverage', io);
  if (!playbooks) return EXIT_FAILURE;
  const report = await computeCoverage(shippedFindingTypes(), playbooks, readSettings({}));
  if (options.html) {
    const file = options.html;
    await writeFile(file, coverageHtml(report)).catch((error: unknown) => {
      throw new UserError(`--html ${file}: cannot write: ${(error as Error).message}`);
    });
    io.err(`coverage: wrote ${file}\n`);
  }
  if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.out(coverageText(report, terminalOf(io), { summaryOnly: options.summary }));
  return EXIT_OK;
}
