import { TemplateSyntaxError } from './errors.js';
import { type CompiledTemplate, compileTemplate, isTemplate } from './template.js';

/** A params tree whose template strings were parsed once at load. */
export type CompiledValue =
  | { kind: 'literal'; value: unknown }
  | { kind: 'template'; template: CompiledTemplate }
  | { kind: 'list'; items: CompiledValue[] }
  | { kind: 'map'; entries: [string, CompiledValue][] };

export type ValuePath = (string | number)[];

/** A template syntax error with where it sits in the params tree. */
export class TemplateAtPathError extends TemplateSyntaxError {
  constructor(
    readonly path: ValuePath,
    cause: TemplateSyntaxError,
  ) {
    super(cause.message, cause.template, { cause });
  }
}

/**
 * Parses every template string in a params tree.
 * @example renderValue(compileValue({ subject: 'Key {{ detail.type }}' }), event)
 */
export function compileValue(value: unknown, path: ValuePath = []): CompiledValue {
  if (typeof value === 'string' && isTemplate(value)) {
    try {
      return { kind: 'template', template: compileTemplate(value) };
    } catch (error) {
      if (error instanceof TemplateSyntaxError) throw new TemplateAtPathError(path, error);
      throw error;
    }
  }
  if (Array.isArray(value)) {
    return { kind: 'list', items: value.map((item, i) => compileValue(item, [...path, i])) };
  }
  if (value !== null && typeof value === 'object') {
    return {
      kind: 'map',
      entries: Object.entries(value).map(([k, v]) => [k, compileValue(v, [...path, k])]),
    };
  }
  return { kind: 'literal', value };
}

/** Renders a compiled params tree against an event; throws MissingPathError for absent paths. */
export function renderValue(compiled: CompiledValue, event: unknown): unknown {
  switch (compiled.kind) {
    case 'literal':
      return compiled.value;
    case 'template':
      return compiled.template.render(event);
    case 'list':
      return compiled.items.map((item) => renderValue(item, event));
    case 'map':
      // Keys come from the playbook, never from the event, so this cannot be polluted by an event.
      return Object.fromEntries(compiled.entries.map(([k, v]) => [k, renderValue(v, event)]));
  }
}

/** Paths in the params tree whose value is (or contains) a template. */
export function templatedPaths(compiled: CompiledValue, path: ValuePath = []): ValuePath[] {
  switch (compiled.kind) {
    case 'literal':
      return [];
    case 'template':
      return [path];
    case 'list':
      return compiled.items.flatMap((item, i) => templatedPaths(item, [...path, i]));
    case 'map':
      return compiled.entries.flatMap(([k, v]) => templatedPaths(v, [...path, k]));
  }
}
