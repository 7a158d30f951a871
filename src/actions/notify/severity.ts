export type SeverityLabel = 'Low' | 'Medium' | 'High' | 'Critical';

/**
 * GuardDuty's label for a severity score: Low 1.0-3.9, Medium 4.0-6.9,
 * High 7.0-8.9, Critical 9.0-10.0 (GuardDuty User Guide, "Severity levels").
 * @example severityLabel(8) // 'High'
 */
export function severityLabel(score: number): SeverityLabel {
  if (score >= 9) return 'Critical';
  if (score >= 7) return 'High';
  if (score >= 4) return 'Medium';
  return 'Low';
}

/** The score of a finding's `severity`: a number, or a numeric string in some exports. */
export function severityScore(value: unknown): number | undefined {
  const score = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
}
