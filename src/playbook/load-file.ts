import type { Document, LineCounter } from 'yaml';
import { actionTypes, getAction } from '../actions/registry.js';
import type { CompiledPattern } from '../match/index.js';
import {
  compileTemplate,
  compileValue,
  TemplateSyntaxError,
  templatedPaths,
  type ValuePath,
} from '../template/index.js';
import { closestWord } from '../text/similar.js';
import { enforceSourceProblem } from './enforce-source.js';
import { PlaybookError } from './errors.js';
import { toProblems } from './issues.js';
import { type FieldPath, formatPath, locate } from './locate.js';
import { patternProblems } from './pattern-problems.js';
import { playbookSchema } from './schema.js';
import type { PlaybookTestCase } from './test-cases.js';
import type { Playbook, PlaybookAction } from './types.js';
import { readYaml } from './yaml.js';

export const MAX_PLAYBOOK_BYTES = 256 * 1024;

/** Collects the problems of one file, each placed at its line. */
export class FileContext {
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function compileAt(ctx: FileContext, pattern: unknown, path: FieldPath) {
  if (!isRecord(pattern)) return undefined; // the schema reports its type
  const { compiled, problems } = patternProblems(pattern);
  for (const p of problems) {
    ctx.report([...path, ...p.path], `invalid event pattern: ${p.reason}`, 'value', p);
  }
  return compiled;
}

const startsWith = (path: readonly (string | number)[], prefix: ValuePath): boolean =>
  prefix.every((key, i) => path[i] === key);

/** Every bad template of the params, not only the first. */
function templateProblems(ctx: FileContext, value: unknown, at: FieldPath): number {
  if (typeof value === 'string') {
    try {
      compileTemplate(value);
      return 0;
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      ctx.report(at, `bad template: ${error.message}`, 'value', error);
      return 1;
    }
  }
  if (Array.isArray(value)) {
    return value.reduce<number>((n, item, i) => n + templateProblems(ctx, item, [...at, i]), 0);
  }
  if (isRecord(value)) {
    return Object.entries(value).reduce<number>(
      (n, [k, v]) => n + templateProblems(ctx, v, [...at, k]),
      0,
    );
  }
  return 0;
}

function loadAction(ctx: FileContext, raw: unknown, index: number): PlaybookAction | undefined {
  const at = ['actions', index];
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined; // the schema says why
  const definition = getAction(raw.type);
  if (!definition) {
    const near = closestWord(raw.type, actionTypes());
    const hint = near ? `did you mean "${near}"?` : `known: ${actionTypes().join(', ')}`;
    ctx.report([...at, 'type'], `unknown action type "${raw.type}" (${hint})`);
    return undefined;
  }
  const { type: _type, 'on-error': onError, ...source } = raw;
  const badTemplates = templateProblems(ctx, source, at);
  // Templated values are typed only once rendered: their checks wait for the event.
  const params = badTemplates === 0 ? compileValue(source) : undefined;
  const templated = params ? templatedPaths(params) : [];
  const checked = definition.params.safeParse(source);
  const problems = checked.success ? [] : toProblems(checked.error, source, definition.params);
  const real = problems.filter(
    (p) => p.at === 'key' || !templated.some((t) => startsWith(p.path, t)),
  );
  for (const p of real) ctx.report([...at, ...p.path], p.message, p.at);
  if (real.length > 0 || !params) return undefined;
  return {
    index,
    type: raw.type,
    behaviour: definition,
    onError: onError === 'stop' ? 'stop' : 'continue',
    source,
    params,
    check:
      templated.length === 0 && checked.success
        ? { checked: checked.data }
        : { schema: () => Promise.resolve(definition.params) },
    line: ctx.line(at),
  };
}

/**
 * Checks every part that has the right shape, whatever else is wrong, so one
 * mistake never hides another.
 */
function checkParts(ctx: FileContext, data: Record<string, unknown>) {
  const match = compileAt(ctx, data.match, ['match']);
  const unless = Array.isArray(data.unless)
    ? data.unless.map((p, i) => compileAt(ctx, p, ['unless', i]))
    : [];
  const actions = Array.isArray(data.actions)
    ? data.actions.map((a, i) => loadAction(ctx, a, i))
    : [];
  return { match, unless, actions };
}

const testLines = (ctx: FileContext, tests: readonly PlaybookTestCase[] | undefined) =>
  (tests ?? []).map((test, i) => ({ ...test, line: ctx.line(['tests', i]) }));

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
  const yaml = readYaml(text, file);
  const ctx = new FileContext(file, yaml.doc, yaml.counter);
  ctx.errors.push(...yaml.errors);
  const data = yaml.data;
  if (!('data' in yaml)) return { errors: ctx.errors };
  if (!isRecord(data)) {
    ctx.errors.push(
      atFileStart(file, 'a playbook must be a YAML mapping (name, match, actions, ...)'),
    );
    return { errors: ctx.errors };
  }
  const parsed = playbookSchema.safeParse(data);
  if (!parsed.success) {
    for (const p of toProblems(parsed.error, data, playbookSchema))
      ctx.report(p.path, p.message, p.at);
  }
  if (parsed.success) {
    const unpinned = enforceSourceProblem(parsed.data);
    if (unpinned) ctx.report(unpinned.path, unpinned.message);
  }
  const parts = checkParts(ctx, data);
  if (!parsed.success || ctx.errors.length > 0 || !parts.match) {
    return { errors: sortByPosition(ctx.errors) };
  }
  const valid = parsed.data;
  return {
    playbook: {
      name: valid.name,
      description: valid.description,
      enabled: valid.enabled,
      mode: valid.mode,
      rerunOnSeverityIncrease: valid['rerun-on-severity-increase'],
      readOnlyEvents: valid['read-only-events'],
      file,
      position: { file, ...locate(ctx.doc, ctx.counter, ['name']) },
      match: parts.match,
      unless: parts.unless.filter((p): p is CompiledPattern => p !== undefined),
      actions: parts.actions.filter((a): a is PlaybookAction => a !== undefined),
      tests: testLines(ctx, valid.tests),
    },
    errors: [],
  };
}

/** Problems in reading order: line, then column. */
export const sortByPosition = (errors: readonly PlaybookError[]): PlaybookError[] =>
  [...errors].sort((a, b) => a.position.line - b.position.line || a.position.col - b.position.col);
