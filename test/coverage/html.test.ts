import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CoverageReport, computeCoverage } from '../../src/coverage/compute.js';
import { shippedFindingTypes } from '../../src/coverage/finding-types.js';
import { coverageHtml } from '../../src/coverage/html.js';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { readSettings } from '../../src/settings.js';
import { runCli } from '../helpers/cli.js';
import { chromiumAvailable, launchChromium } from './browser.js';

/** Where the screenshot is kept for people to look at (git ignores it). */
const SCREENSHOT = resolve('test-results/coverage-report.png');

// CI installs chromium (.ci/run): there a missing browser is a failure, not a skip.
const mustRun = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!chromiumAvailable && !mustRun)
  console.warn('skipped: /usr/bin/chromium not found (apt-get install chromium)');

let report: CoverageReport;
let file: string;
beforeAll(async () => {
  const { playbooks } = await loadPlaybooks(['playbooks']);
  report = await computeCoverage(shippedFindingTypes(), playbooks, readSettings({}));
  file = join(mkdtempSync(join(tmpdir(), 'parry-coverage-')), 'coverage.html');
  writeFileSync(file, coverageHtml(report));
});

describe('the coverage page', () => {
  it('is one file with no script and nothing to fetch', () => {
    const html = coverageHtml(report);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.match(/(?:src|href)="(?!https:\/\/docs\.aws\.amazon\.com\/)[^"]*"/g) ?? []).toEqual(
      [],
    );
  });

  it('is what parry coverage --html writes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parry-coverage-')), 'page.html');
    const run = await runCli(['coverage', '--html', out, '--summary']);
    expect(run).toMatchObject({ code: 0, err: `coverage: wrote ${out}\n` });
  });

  it.skipIf(!chromiumAvailable && !mustRun)(
    'shows the right totals in a real browser, fetches nothing, and is saved as a screenshot',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
        const requested: string[] = [];
        page.on('request', (r) => requested.push(r.url()));
        await page.goto(pathToFileURL(file).href);
        const total = async (kind: string) =>
          Number(await page.locator(`[data-total="${kind}"]`).innerText());
        expect(await total('rows')).toBe(report.totals.rows);
        expect(await total('covered')).toBe(report.totals.covered);
        expect(await total('notify')).toBe(report.totals.notifyOnly);
        expect(await total('uncovered')).toBe(report.totals.uncovered);
        expect(report.totals.covered + report.totals.notifyOnly + report.totals.uncovered).toBe(
          report.totals.rows,
        );
        for (const group of report.groups) {
          const rows = page.locator(`table[data-resource="${group.resource}"] tbody tr`);
          expect(await rows.count()).toBe(group.rows.length);
          const bars = page.locator(`svg.chart g[data-resource="${group.resource}"] rect`);
          expect(await bars.count()).toBe(3);
        }
        expect(await page.locator('table[data-table="cloudtrail"] tbody tr').count()).toBe(
          report.calls.length,
        );
        const covered = page.locator('tr.covered td.type', {
          hasText: 'Backdoor:EC2/C&CActivity.B!DNS',
        });
        expect(await covered.count()).toBeGreaterThan(0);
        // The chart is drawn: the covered bar of Instance has a width.
        const box = await page
          .locator('svg.chart g[data-resource="Instance"] rect.bar-covered')
          .boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(10);
        expect(requested.filter((u) => !u.startsWith('file://'))).toEqual([]);
        mkdirSync(resolve('test-results'), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: false });
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
