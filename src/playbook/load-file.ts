import { type Document, LineCounter, parseDocument } from 'yaml';
import { actionTypes, getAction } from '../actions/registry.js';
import { type CompiledPattern, compilePattern, InvalidPatternError } from '../match/index.js';
import {
  compileValue,
  TemplateAtPathError,
  templatedPaths,
  type ValuePath,
} from '../template/index.js';
import { PlaybookError } from './errors.js';
import { toProblems } from './issues.js';
import { type FieldPath, formatPath, locate } from './locate.js';
import { type PlaybookFile, playbookSchema } from './schema.js';
import type { Playbook, PlaybookAction } from './types.js';

export const MAX_PLAYBOOK_BYTES = 256 * 1024;
/** Bounds YAML alias expansion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

class FileContext {
  readonly errors: PlaybookError[] = [];
  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly counter: LineCounter,
  ) {}

  report(path: FieldPath, reason: string, at: 'value' | 'key' = 'value', cause?: unknown): void {
    const { line, col } = locate(this.doc, this.counter, path, at);
    const field = path.length > 0 ? formatPath(path) : undefined;
    this.errors.push(new PlaybookError({ file: this.file, line, col }, reason, field, { cause }));
  }

  line(path: FieldPath): number {
    return locate(this.doc, this.counter, path).line;
  }
}

const atFileStart = (file: string, reason: string, cause?: unknown) =>
  new PlaybookError({ file, line: 1, col: 1 }, reason, undefined, { cause });

function compileAt(
  ctx: FileContext,
  pattern: unknown,
  path: FieldPath,
): CompiledPattern | undefined {
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    ctx.report([...path, ...error.path], `invalid event pattern: ${error.reason}`, 'value', error);
    return undefined;
  }
}

const startsWith = (path: readonly (string | number)[], prefix: ValuePath): boolean =>
  prefix.every((key, i) => path[i] === key);

function loadAction(
  ctx: FileContext,
  raw: PlaybookFile['actions'][number],
  index: number,
): PlaybookAction | undefined {
  const at = ['actions', index];
  const definition = getAction(raw.type);
  if (!definition) {
    ctx.report(
      [...at, 'type'],
      `unknown action type "${raw.type}" (known: ${actionTypes().join(', ')})`,
    );
    return undefined;
  }
  const { type: _type, 'on-error': onError, ...source } = raw;
  let params: ReturnType<typeof compileValue>;
  try {
    params = compileValue(source);
  } catch (error) {
    if (!(error instanceof TemplateAtPathError)) throw error;
    ctx.report([...at, ...error.path], `bad template: ${error.message}`, 'value', error);
    return undefined;
  }
  // Templated values are typed only once rendered: their checks wait for the event.
  const templated = templatedPaths(params);
  const checked = definition.params.safeParse(source);
  const problems = checked.success ? [] : toProblems(checked.error, source, definition.params);
  const real = problems.filter(
    (p) => p.at === 'key' || !templated.some((t) => startsWith(p.path, t)),
  );
  for (const p of real) ctx.report([...at, ...p.path], p.message, p.at);
  if (real.length > 0) return undefined;
  return { index, type: raw.type, definition, onError, source, params, line: ctx.line(at) };
}

function build(ctx: FileContext, data: PlaybookFile): Playbook | undefined {
  const match = compileAt(ctx, data.match, ['match']);
  const unless = data.unless.map((p, i) => compileAt(ctx, p, ['unless', i]));
  const actions = data.actions.map((a, i) => loadAction(ctx, a, i));
  if (ctx.errors.length > 0 || !match) return undefined;
  return {
    name: data.name,
    description: data.description,
    enabled: data.enabled,
    mode: data.mode,
    rerunOnSeverityIncrease: data['rerun-on-severity-increase'],
    readOnlyEvents: data['read-only-events'],
    file: ctx.file,
    position: { file: ctx.file, ...locate(ctx.doc, ctx.counter, ['name']) },
    match,
    unless: unless.filter((p): p is CompiledPattern => p !== undefined),
    actions: actions.filter((a): a is PlaybookAction => a !== undefined),
  };
}

/**
 * Parses and validates one playbook file, reporting every problem with its line.
 * @example parsePlaybook(readFileSync(f, 'utf8'), f).errors.map(String)
 */
export function parsePlaybook(
  text: string,
  file: string,
): { playbook?: Playbook; errors: PlaybookError[] } {
  if (Buffer.byteLength(text) > MAX_PLAYBOOK_BYTES) {
    return { errors: [atFileStart(file, `file larger than ${MAX_PLAYBOOK_BYTES} bytes`)] };
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const ctx = new FileContext(file, doc, counter);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = counter.linePos(e.pos[0]);
      const reason =
        e.code === 'DUPLICATE_KEY' ? 'duplicate key' : (e.message.split('\n')[0] ?? e.code);
      ctx.errors.push(
        new PlaybookError({ file, line, col }, `YAML: ${reason}`, undefined, { cause: e }),
      );
    }
    return { errors: ctx.errors };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return { errors: [atFileStart(file, `YAML: ${(error as Error).message}`, error)] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      errors: [atFileStart(file, 'a playbook must be a YAML mapping (name, match, actions, ...)')],
    };
  }
  const parsed = playbookSchema.safeParse(data);
  if (!parsed.success) {
    for (const p of toProblems(parsed.error, data, playbookSchema))
      ctx.report(p.path, p.message, p.at);
    return { errors: ctx.errors };
  }
  const playbook = build(ctx, parsed.data);
  return playbook ? { playbook, errors: [] } : { errors: ctx.errors };
}
