import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import type { Colors, Terminal } from '../cli/terminal.js';
import { wrap } from '../cli/terminal.js';
import { answerText, CATEGORY_WORDS, percent, responderText } from './cells.js';
import type { Category, CoverageReport, ResourceGroup, Totals } from './compute.js';

/**
 * Lines of at most `width` characters, broken at spaces and, inside a word
 * longer than the line, after `/`, `:`, `.`, `!` or `-` (finding types and
 * playbook names are long words of such parts); a part longer than the line
 * is left whole.
 */
function cellLines(text: string, width: number): string {
  const pieces = text.split(' ').flatMap((word, i) => {
    const parts =
      word.length > width ? (word.match(/[^/:.!-]+[/:.!-]?|[/:.!-]/g) ?? [word]) : [word];
    return parts.map((part, j) => ({ part, space: i > 0 && j === 0 }));
  });
  const lines: string[] = [];
  let line = '';
  for (const { part, space } of pieces) {
    const joined = line === '' ? part : `${line}${space ? ' ' : ''}${part}`;
    if (line !== '' && joined.length > width) {
      lines.push(line);
      line = part;
    } else {
      line = joined;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

const paint = (color: Colors, category: Category, text: string): string =>
  category === 'covered'
    ? color.green(text)
    : category === 'notify-only'
      ? color.yellow(text)
      : color.red(text);

const NO_ROW_LINES = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * A table whose cells are already broken into lines: each column is as wide
 * as its longest line, at least `widths`, so the library never cuts a cell.
 */
function table(
  head: string[],
  widths: number[],
  color: Colors,
  rows: string[][],
  compact = false,
): string {
  const longest = (i: number) =>
    Math.max(
      widths[i] ?? 0,
      ...rows.map((r) =>
        Math.max(...(r[i] ?? '').split('\n').map((l) => stripVTControlCharacters(l).length)),
      ),
    );
  const t = new Table({
    head: head.map((h) => color.bold(h)),
    colWidths: head.map((_, i) => longest(i) + 2),
    wordWrap: false,
    style: { head: [], border: [] },
    ...(compact ? { chars: NO_ROW_LINES } : {}),
  });
  t.push(...rows);
  return t.toString();
}

const totalsCells = (t: Totals, color: Colors): string[] => [
  String(t.rows),
  color.green(`${t.covered} (${percent(t.covered, t.rows)})`),
  color.yellow(`${t.notifyOnly} (${percent(t.notifyOnly, t.rows)})`),
  color.red(`${t.uncovered} (${percent(t.uncovered, t.rows)})`),
];

function summary(report: CoverageReport, t: Terminal): string {
  const { color } = t;
  // Four number columns of 9 and 6, borders and padding: 49 columns; the names get the rest.
  const nameWidth = Math.min(
    Math.max(...report.groups.map((g) => g.resource.length)),
    Math.max(12, t.width - 49),
  );
  const rows = report.groups.map((g) => [
    cellLines(g.resource, nameWidth),
    ...totalsCells(g.totals, color),
  ]);
  rows.push([color.bold('Total'), ...totalsCells(report.totals, color)]);
  const head = ['Resource type', 'Types', 'Covered', 'Notify', 'Uncovered'];
  return table(head, [nameWidth, 5, 9, 9, 9], color, rows, true);
}

/** Below this width the severity goes under the finding type, in three columns. */
const FOUR_COLUMNS = 110;

function groupTable(group: ResourceGroup, t: Terminal): string {
  const { color } = t;
  const wide = t.width >= FOUR_COLUMNS;
  // Borders and padding take 3 columns per column, plus one.
  const room = Math.max(56, t.width - (wide ? 13 : 10));
  const typeWidth = Math.min(
    Math.max(...group.rows.map((r) => r.type.length)),
    Math.floor(room * 0.4),
  );
  const severityWidth = wide ? 10 : 0;
  const answerWidth = Math.max(12, Math.floor(room * 0.2));
  const playbookWidth = Math.max(16, room - typeWidth - severityWidth - answerWidth);
  const rows = group.rows.map((row) => {
    const levels = row.levels.map((l) => l.level);
    const type = cellLines(row.type, typeWidth);
    const severity = cellLines(row.severity, wide ? severityWidth : typeWidth);
    return [
      ...(wide ? [type, severity] : [`${type}\n${color.dim(severity)}`]),
      paint(color, row.category, cellLines(answerText(row), answerWidth)),
      cellLines(
        row.responders.map((r) => responderText(r, levels)).join('; ') || '-',
        playbookWidth,
      ),
    ];
  });
  const head = wide
    ? ['Finding type', 'Severity', 'Answer', 'Playbooks and actions']
    : ['Finding type, severity', 'Answer', 'Playbooks and actions'];
  const widths = wide
    ? [typeWidth, severityWidth, answerWidth, playbookWidth]
    : [typeWidth, answerWidth, playbookWidth];
  const body = table(head, widths, color, rows);
  const g = group.totals;
  const label = group.documentedLabel ? color.dim(' (the docs give no resourceType)') : '';
  const totals = `${g.rows} types, ${g.covered} covered, ${g.notifyOnly} notify only, ${g.uncovered} uncovered`;
  return `${wrap(`${color.bold(group.resource)}${label}: ${totals}`, t.width, 0)}\n${body}`;
}

function callsTable(report: CoverageReport, t: Terminal): string {
  const { color } = t;
  const room = Math.max(60, t.width - 10);
  const labelWidth = Math.min(42, Math.floor(room * 0.35));
  const answerWidth = 12;
  const rest = Math.max(16, room - labelWidth - answerWidth);
  const rows = report.calls.map((c) => {
    const who = c.responders.map((r) => responderText(r, [])).join('; ');
    return [
      cellLines(c.label, labelWidth),
      paint(color, c.category, CATEGORY_WORDS[c.category]),
      cellLines(`${c.why}${who ? `. ${who}` : ''}`, rest),
    ];
  });
  const calls = table(
    ['CloudTrail call', 'Answer', 'Why it matters; playbooks and actions'],
    [labelWidth, answerWidth, rest],
    color,
    rows,
  );
  const ct = report.callTotals;
  return `${calls}\n${wrap(`${ct.rows} calls: ${ct.covered} covered, ${ct.notifyOnly} notify only, ${ct.uncovered} uncovered`, t.width)}`;
}

/**
 * The coverage report for a terminal: a summary table, then one table per
 * resource type, then the CloudTrail calls, each with its totals.
 */
export function coverageText(
  report: CoverageReport,
  t: Terminal,
  options: { summaryOnly?: boolean } = {},
): string {
  const playbooks = report.playbooks
    .map((p) => `${p.name}${p.mode === 'dry-run' ? ' [dry-run]' : ''}`)
    .join(', ');
  const intro = wrap(
    `GuardDuty coverage of the enabled playbooks (${playbooks}): every active finding type, as a finding of each resource type the docs name, at both ends of each documented severity level; ${report.retired} retired types are not checked. A type that names several resource types is counted under each.`,
    t.width,
  );
  const parts = [intro, summary(report, t)];
  if (!options.summaryOnly) parts.push(...report.groups.map((g) => groupTable(g, t)));
  parts.push(t.color.bold('High-risk CloudTrail calls'), callsTable(report, t));
  return `${parts.join('\n\n')}\n`;
}
