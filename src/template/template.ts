import { TemplateSyntaxError } from './errors.js';
import { type PathStep, parsePath } from './path.js';
import { resolvePath } from './resolve-path.js';

type Part = { kind: 'text'; text: string } | { kind: 'path'; text: string; steps: PathStep[] };

/** A string with `{{ path }}` placeholders, parsed once when the playbook loads. */
export interface CompiledTemplate {
  readonly source: string;
  readonly paths: readonly string[];
  render(event: unknown): unknown;
}

const OPEN = '{{';
const CLOSE = '}}';
const MAX_TEMPLATE_LENGTH = 16_384;

/** True when a string holds at least one `{{`, so it must be parsed as a template. */
export const isTemplate = (value: string): boolean => value.includes(OPEN);

/**
 * Parses a template. A string that is exactly one `{{ path }}` renders to the
 * value itself (a list stays a list, a number a number); otherwise the values
 * are written into the text.
 * @example compileTemplate('Quarantined {{ detail.resource.instanceDetails.instanceId }}').render(event)
 */
export function compileTemplate(source: string): CompiledTemplate {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new TemplateSyntaxError(`template longer than ${MAX_TEMPLATE_LENGTH} characters`, source);
  }
  const parts = splitParts(source);
  const paths = parts.flatMap((p) => (p.kind === 'path' ? [p.text] : []));
  const only = parts.length === 1 && parts[0]?.kind === 'path' ? parts[0] : undefined;
  return {
    source,
    paths,
    render: only
      ? (event) => resolvePath(event, only.steps, only.text)
      : (event) =>
          parts
            .map((p) => (p.kind === 'text' ? p.text : toText(resolvePath(event, p.steps, p.text))))
            .join(''),
  };
}

function splitParts(source: string): Part[] {
  const parts: Part[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf(OPEN, pos);
    const close = source.indexOf(CLOSE, pos);
    if (close !== -1 && (open === -1 || close < open)) {
      throw new TemplateSyntaxError(`"}}" without "{{" at character ${close + 1}`, source);
    }
    if (open === -1) {
      parts.push({ kind: 'text', text: source.slice(pos) });
      break;
    }
    if (open > pos) parts.push({ kind: 'text', text: source.slice(pos, open) });
    const end = source.indexOf(CLOSE, open + OPEN.length);
    if (end === -1) throw new TemplateSyntaxError(`unclosed "{{" at character ${open + 1}`, source);
    const text = source.slice(open + OPEN.length, end).trim();
    if (text.includes(OPEN)) {
      throw new TemplateSyntaxError(`nested "{{" at character ${open + 1}`, source);
    }
    parts.push({ kind: 'path', text, steps: parsePath(text) });
    pos = end + CLOSE.length;
  }
  return parts;
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return value.map((v) => String(v)).join(', ');
  }
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
