import { answerText, CATEGORY_WORDS, percent, responderText } from './cells.js';
import type { Category, CoverageReport, ResourceGroup, Totals } from './compute.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A finding type may break after its separators, never inside a name. */
const breakable = (type: string): string => esc(type).replace(/([/:.!])/g, '$1<wbr>');

const CLASS: Readonly<Record<Category, string>> = {
  covered: 'covered',
  'notify-only': 'notify',
  uncovered: 'uncovered',
};

const STYLE = `
:root{--covered:#1a7f37;--notify:#bf8700;--uncovered:#cf222e;--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px}
h2 small{font-weight:400;color:var(--muted);font-size:13px}p.lead{color:var(--muted);margin:0 0 16px}
.totals{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px}.card .n{display:block;font-size:32px;font-weight:700}
.card.covered .n{color:var(--covered)}.card.notify .n{color:var(--notify)}.card.uncovered .n{color:var(--uncovered)}
.legend span{display:inline-block;margin-right:16px}.legend i{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
.chart text{font-size:12px;fill:var(--ink)}.chart .count{fill:var(--muted)}
table{width:100%;border-collapse:collapse;margin:8px 0 0}th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:#f6f8fa;font-weight:600}td.type{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
td.answer{font-weight:600;white-space:nowrap}tr.covered td.answer{color:var(--covered)}tr.notify td.answer{color:var(--notify)}tr.uncovered td.answer{color:var(--uncovered)}
td.answer small{display:block;font-weight:400;color:var(--muted);white-space:normal}
.bar-covered{fill:var(--covered)}.bar-notify{fill:var(--notify)}.bar-uncovered{fill:var(--uncovered)}
footer{margin:40px 0 0;color:var(--muted);font-size:12px}a{color:inherit}
@media print{main{padding:0}}`;

const card = (kind: string, n: number, label: string, of: number) =>
  `<div class="card ${kind}"><span class="n" data-total="${kind}">${n}</span>${esc(label)}${of > 0 ? ` <small>(${percent(n, of)})</small>` : ''}</div>`;

function totalsHtml(t: Totals): string {
  return `<section class="totals" aria-label="totals">${[
    card('rows', t.rows, 'finding types × resource types', 0),
    card('covered', t.covered, 'covered: a playbook acts', t.rows),
    card('notify', t.notifyOnly, 'notify only', t.rows),
    card('uncovered', t.uncovered, 'uncovered', t.rows),
  ].join('')}</section>`;
}

/** One stacked bar per resource type: covered, notify only, uncovered. */
function chartHtml(groups: readonly ResourceGroup[]): string {
  const row = 26;
  const label = 250;
  const bar = 560;
  const most = Math.max(1, ...groups.map((g) => g.totals.rows));
  const bars = groups.map((g, i) => {
    const y = i * row + 4;
    const scale = (n: number) => (n / most) * bar;
    let x = label;
    const rects = (
      [
        ['covered', g.totals.covered],
        ['notify', g.totals.notifyOnly],
        ['uncovered', g.totals.uncovered],
      ] as const
    )
      .map(([kind, n]) => {
        const w = scale(n);
        const rect = `<rect class="bar-${kind}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="18"><title>${esc(g.resource)}: ${n} ${kind === 'notify' ? 'notify only' : kind}</title></rect>`;
        x += w;
        return rect;
      })
      .join('');
    const t = g.totals;
    return `<g data-resource="${esc(g.resource)}"><text x="${label - 8}" y="${y + 13}" text-anchor="end">${esc(g.resource)}</text>${rects}<text class="count" x="${(x + 6).toFixed(1)}" y="${y + 13}">${t.covered} / ${t.notifyOnly} / ${t.uncovered}</text></g>`;
  });
  const height = groups.length * row + 8;
  return `<svg class="chart" role="img" aria-label="answers per resource type" viewBox="0 0 ${label + bar + 120} ${height}" width="100%">${bars.join('')}</svg>`;
}

function groupHtml(g: ResourceGroup): string {
  const rows = g.rows.map((r) => {
    const levels = r.levels.map((l) => l.level);
    const who = r.responders.map((x) => esc(responderText(x, levels))).join('<br>') || '&ndash;';
    const answer = answerText(r);
    const detail = answer === CATEGORY_WORDS[r.category] ? '' : `<small>${esc(answer)}</small>`;
    return `<tr class="${CLASS[r.category]}"><td class="type"><a href="${esc(r.sourceUrl)}">${breakable(r.type)}</a></td><td>${esc(r.severity)}</td><td class="answer">${esc(CATEGORY_WORDS[r.category])}${detail}</td><td>${who}</td></tr>`;
  });
  const t = g.totals;
  const note = g.documentedLabel ? ' <small>(the docs give no resourceType)</small>' : '';
  return `<h2>${esc(g.resource)}${note} <small>${t.rows} types: ${t.covered} covered, ${t.notifyOnly} notify only, ${t.uncovered} uncovered</small></h2>
<table data-resource="${esc(g.resource)}"><thead><tr><th>Finding type</th><th>Documented severity</th><th>Answer</th><th>Playbooks and actions</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function callsHtml(report: CoverageReport): string {
  const rows = report.calls.map((c) => {
    const who = c.responders.map((x) => esc(responderText(x, []))).join('<br>') || '&ndash;';
    return `<tr class="${CLASS[c.category]}"><td class="type">${esc(c.label)}</td><td>${esc(c.eventSource)}</td><td>${esc(c.why)}</td><td class="answer">${esc(CATEGORY_WORDS[c.category])}</td><td>${who}</td></tr>`;
  });
  const t = report.callTotals;
  return `<h2 id="cloudtrail">High-risk CloudTrail calls <small data-calls="${t.rows}">${t.rows} calls: ${t.covered} covered, ${t.notifyOnly} notify only, ${t.uncovered} uncovered</small></h2>
<table data-table="cloudtrail"><thead><tr><th>Call</th><th>Event source</th><th>Why it matters</th><th>Answer</th><th>Playbooks and actions</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The coverage report as one self-contained HTML page: no script, no external
 * style, font or image, so it opens anywhere, offline, and can be attached.
 * @example writeFileSync('coverage.html', coverageHtml(report))
 */
export function coverageHtml(report: CoverageReport): string {
  const playbooks = report.playbooks
    .map((p) => `<code>${esc(p.name)}</code>${p.mode === 'dry-run' ? ' (dry-run)' : ''}`)
    .join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>parry coverage: GuardDuty findings and CloudTrail calls</title><style>${STYLE}</style></head>
<body><main>
<h1>What parry does about each GuardDuty finding</h1>
<p class="lead">Enabled playbooks: ${playbooks}. Each active finding type from the GuardDuty documentation was built as a finding of each resource type the docs name, at both ends of each documented severity level, and run through the playbooks (planned only). ${report.retired} retired types are not checked; a type with several resource types counts under each.</p>
${totalsHtml(report.totals)}
<p class="legend"><span><i style="background:var(--covered)"></i>covered: a playbook acts</span><span><i style="background:var(--notify)"></i>notify only</span><span><i style="background:var(--uncovered)"></i>uncovered</span></p>
${chartHtml(report.groups)}
${report.groups.map(groupHtml).join('\n')}
${callsHtml(report)}
<footer>Finding types: data/guardduty-finding-types/finding-types.tsv (AWS GuardDuty User Guide; see SOURCES.md there). Generated by <code>parry coverage --html</code>.</footer>
</main></body></html>
`;
}
