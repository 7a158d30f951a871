/**
 * GuardDuty's severity levels and their value ranges, from "Severity levels
 * of GuardDuty findings" (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html):
 * Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0.
 */
export const LEVELS = [
  { name: 'Low', low: 1, high: 3.9 },
  { name: 'Medium', low: 4, high: 6.9 },
  { name: 'High', low: 7, high: 8.9 },
  { name: 'Critical', low: 9, high: 10 },
] as const;

export type Level = (typeof LEVELS)[number]['name'];

const NAMES: readonly Level[] = LEVELS.map((l) => l.name);

/**
 * The levels a documented severity allows. A named level is that level; a
 * severity the docs call variable ("High (variable)", "Varies depending on
 * the detected threat") may be any of them, so every level is tried.
 * @example levelsOf('Low/Medium (by signal)') // ['Low', 'Medium']
 * @example levelsOf('Medium (variable)') // ['Low', 'Medium', 'High', 'Critical']
 */
export function levelsOf(documented: string): Level[] {
  const named = NAMES.filter((n) => new RegExp(`\\b${n}\\b`, 'i').test(documented));
  const variable = /\bvari(able|es)\b/i.test(documented);
  if (named.length === 0 || (variable && named.length === 1)) return [...NAMES];
  return named;
}

/** The severity values tried for a level: both ends of its range, where playbook thresholds fall. */
export const samplesOf = (level: Level): number[] => {
  const range = LEVELS.find((l) => l.name === level) ?? LEVELS[0];
  return [range.low, range.high];
};
