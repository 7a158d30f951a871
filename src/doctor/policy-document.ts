/** An IAM policy statement, as far as `parry doctor` reads one. */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const actionsOf = (s: PolicyStatement): string[] =>
  Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [];

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * A policy document as IAM returns it: URL-encoded JSON (RFC 3986), or JSON;
 * undefined when it is neither.
 * @example decodePolicy('%7B%22Statement%22%3A%5B%5D%7D') // { Statement: [] }
 */
export function decodePolicy(document: string): { Statement?: PolicyStatement[] } | undefined {
  for (const text of [document, decoded(document)]) {
    try {
      const parsed = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') return parsed;
    } catch {
      // the other form, then neither
    }
  }
  return undefined;
}
