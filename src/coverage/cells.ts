import type { Category, FindingRow, Responder } from './compute.js';
import { LEVELS, type Level } from './severity.js';

/** Shared wording of the terminal and HTML reports. */
export const CATEGORY_WORDS: Readonly<Record<Category, string>> = {
  covered: 'covered',
  'notify-only': 'notify only',
  uncovered: 'uncovered',
};

const levelList = (levels: readonly Level[]): string => {
  const order = LEVELS.map((l) => l.name);
  return [...levels].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(', ');
};

/** `covered` or, when levels differ, `notify only at Medium; covered at High, Critical`. */
export function answerText(row: FindingRow): string {
  const uniform = row.levels.every((l) => l.category === row.category && !l.partly);
  if (uniform) return CATEGORY_WORDS[row.category];
  const byCategory = new Map<string, Level[]>();
  for (const l of row.levels) {
    const word = `${l.partly ? 'partly ' : ''}${CATEGORY_WORDS[l.category]}`;
    byCategory.set(word, [...(byCategory.get(word) ?? []), l.level]);
  }
  return [...byCategory].map(([word, levels]) => `${word} at ${levelList(levels)}`).join('; ');
}

/** `quarantine-compromised-instance [dry-run]: quarantine-instance, notify (High)`. */
export function responderText(r: Responder, allLevels: readonly Level[]): string {
  const mode = r.mode === 'dry-run' ? ' [dry-run]' : '';
  const levels =
    r.levels.length > 0 && r.levels.length < allLevels.length ? ` (${levelList(r.levels)})` : '';
  return `${r.playbook}${mode}: ${r.actions.join(', ')}${levels}`;
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
