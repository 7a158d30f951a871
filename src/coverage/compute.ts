import type { Mode } from '../actions/types.js';
import { type PlaybookResult, runEvent } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { cloudTrailEvent, riskyCalls } from './cloudtrail-calls.js';
import { guardDutyFinding, isDocumentedLabel } from './finding.js';
import type { FindingType } from './finding-types.js';
import { type Level, samplesOf } from './severity.js';

/** covered: some playbook acts (quarantine, disable, revoke...); notify-only: only tells people. */
export type Category = 'covered' | 'notify-only' | 'uncovered';

/** Actions that tell rather than change anything. */
const NOTIFYING = new Set(['notify', 'emit-event']);

export interface Responder {
  readonly playbook: string;
  readonly mode: Mode;
  /** The actions it plans, in order. */
  readonly actions: readonly string[];
  /** For findings: the levels at which it answers. */
  readonly levels: readonly Level[];
}

export interface LevelOutcome {
  readonly level: Level;
  readonly category: Category;
  /** Both ends of the level's range did not get the same answer (a threshold inside it). */
  readonly partly: boolean;
}

export interface FindingRow {
  readonly type: string;
  readonly resourceType?: string;
  readonly severity: string;
  readonly levels: readonly LevelOutcome[];
  /** The best answer at any documented level. */
  readonly category: Category;
  readonly responders: readonly Responder[];
  readonly sourceUrl: string;
}

export interface Totals {
  readonly rows: number;
  readonly covered: number;
  readonly notifyOnly: number;
  readonly uncovered: number;
}

export interface ResourceGroup {
  /** `Instance`, or the docs' label when they give no resourceType. */
  readonly resource: string;
  readonly documentedLabel: boolean;
  readonly rows: readonly FindingRow[];
  readonly totals: Totals;
}

export interface CallRow {
  readonly label: string;
  readonly eventSource: string;
  readonly why: string;
  readonly category: Category;
  readonly responders: readonly Responder[];
}

export interface CoverageReport {
  readonly groups: readonly ResourceGroup[];
  readonly totals: Totals;
  readonly retired: number;
  readonly calls: readonly CallRow[];
  readonly callTotals: Totals;
  readonly playbooks: readonly { name: string; mode: Mode; file: string }[];
}

const RANK: Readonly<Record<Category, number>> = { uncovered: 0, 'notify-only': 1, covered: 2 };
const best = (categories: readonly Category[]): Category =>
  categories.reduce<Category>((a, b) => (RANK[b] > RANK[a] ? b : a), 'uncovered');

interface Answer {
  readonly category: Category;
  readonly responders: readonly Omit<Responder, 'levels'>[];
}

function answerOf(results: readonly PlaybookResult[]): Answer {
  const responders = results.flatMap((r) => {
    if (r.status !== 'planned' && r.status !== 'executed') return [];
    const actions = r.actions
      .filter((a) => a.status === 'planned' || a.status === 'succeeded')
      .map((a) => a.type);
    return actions.length > 0 ? [{ playbook: r.name, mode: r.mode, actions }] : [];
  });
  const acts = responders.some((r) => r.actions.some((a) => !NOTIFYING.has(a)));
  return {
    category: acts ? 'covered' : responders.length > 0 ? 'notify-only' : 'uncovered',
    responders,
  };
}

async function answer(
  event: EventBridgeEvent,
  playbooks: readonly Playbook[],
  settings: Settings,
): Promise<Answer> {
  const now = () => new Date(event.time);
  return answerOf((await runEvent(event, 'coverage', playbooks, { settings, now })).playbooks);
}

/** Merges the responders of several answers, keeping at which levels each answered. */
function mergeResponders(answers: readonly { level?: Level; answer: Answer }[]): Responder[] {
  const byName = new Map<string, { mode: Mode; actions: Set<string>; levels: Set<Level> }>();
  for (const { level, answer: a } of answers) {
    for (const r of a.responders) {
      const entry = byName.get(r.playbook) ?? {
        mode: r.mode,
        actions: new Set<string>(),
        levels: new Set<Level>(),
      };
      for (const action of r.actions) entry.actions.add(action);
      if (level) entry.levels.add(level);
      byName.set(r.playbook, entry);
    }
  }
  return [...byName].map(([playbook, e]) => ({
    playbook,
    mode: e.mode,
    actions: [...e.actions],
    levels: [...e.levels],
  }));
}

async function findingRow(
  type: FindingType,
  resource: string | undefined,
  playbooks: readonly Playbook[],
  settings: Settings,
): Promise<FindingRow> {
  const answers: { level: Level; answer: Answer }[] = [];
  const levels: LevelOutcome[] = [];
  for (const level of type.levels) {
    const atEnds = await Promise.all(
      samplesOf(level).map((severity) =>
        answer(guardDutyFinding(type.type, resource, severity), playbooks, settings),
      ),
    );
    for (const a of atEnds) answers.push({ level, answer: a });
    const categories = atEnds.map((a) => a.category);
    levels.push({ level, category: best(categories), partly: new Set(categories).size > 1 });
  }
  return {
    type: type.type,
    ...(resource ? { resourceType: resource } : {}),
    severity: type.severity,
    levels,
    category: best(levels.map((l) => l.category)),
    responders: mergeResponders(answers),
    sourceUrl: type.sourceUrl,
  };
}

const totalsOf = (categories: readonly Category[]): Totals => ({
  rows: categories.length,
  covered: categories.filter((c) => c === 'covered').length,
  notifyOnly: categories.filter((c) => c === 'notify-only').length,
  uncovered: categories.filter((c) => c === 'uncovered').length,
});

const groupName = (resource: string | undefined): string =>
  resource === undefined
    ? 'not documented'
    : isDocumentedLabel(resource)
      ? resource.slice(4)
      : resource;

/**
 * What the enabled playbooks do about each active GuardDuty finding type (a
 * finding of each documented resource type, at both ends of each documented
 * severity level) and about each high-risk CloudTrail call. Only plans: no
 * action runs, nothing is sent to AWS.
 * @example const report = await computeCoverage(shippedFindingTypes(), playbooks, settings)
 */
export async function computeCoverage(
  types: readonly FindingType[],
  playbooks: readonly Playbook[],
  settings: Settings,
): Promise<CoverageReport> {
  const enabled = playbooks.filter((p) => p.enabled);
  const groups = new Map<string, { documentedLabel: boolean; rows: FindingRow[] }>();
  for (const type of types.filter((t) => t.active)) {
    const resources = type.resources.length > 0 ? type.resources : [undefined];
    for (const resource of resources) {
      const name = groupName(resource);
      const group = groups.get(name) ?? {
        documentedLabel: resource === undefined || isDocumentedLabel(resource),
        rows: [],
      };
      group.rows.push(await findingRow(type, resource, enabled, settings));
      groups.set(name, group);
    }
  }
  const calls: CallRow[] = [];
  for (const [i, call] of riskyCalls().entries()) {
    const a = await answer(cloudTrailEvent(call, i), enabled, settings);
    calls.push({
      label: call.label,
      eventSource: call.eventSource,
      why: call.why,
      category: a.category,
      responders: mergeResponders([{ answer: a }]),
    });
  }
  const grouped = [...groups]
    .map(([resource, g]) => ({
      resource,
      documentedLabel: g.documentedLabel,
      rows: g.rows,
      totals: totalsOf(g.rows.map((r) => r.category)),
    }))
    .sort(
      (a, b) =>
        Number(a.documentedLabel) - Number(b.documentedLabel) || b.rows.length - a.rows.length,
    );
  return {
    groups: grouped,
    totals: totalsOf(grouped.flatMap((g) => g.rows.map((r) => r.category))),
    retired: types.filter((t) => !t.active).length,
    calls,
    callTotals: totalsOf(calls.map((c) => c.category)),
    playbooks: enabled.map((p) => ({ name: p.name, mode: p.mode, file: p.file })),
  };
}
