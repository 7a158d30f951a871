import type { CompiledField, SubRule } from './compile.js';
import { matchSubRule } from './evaluate.js';
import type { Scalar } from './event-value.js';
import { type EventPaths, eventPaths, explainAbsence } from './explain-absence.js';
import { missOf } from './explain-miss.js';
import { flattenEvent, flattenPlan, type Occurrence, type Occurrences } from './flatten.js';
import { type JsonNode, jsonNodeFromValue, jsonNodeToText, parseJsonText } from './json-text.js';
import { compileValue, type Matcher } from './operators.js';
import type { CompiledPattern } from './pattern.js';

/** One field of one branch: the condition, what the event has there, and the verdict. */
export interface FieldExplanation {
  /** Dotted path, as EventBridge joins keys: `detail.severity`. */
  readonly key: string;
  /** The value list as JSON text: `[{"numeric":[">=",7]}]`. */
  readonly condition: string;
  /** The event's values at that path (the first MAX_SHOWN of them). */
  readonly values: readonly Scalar[];
  readonly count: number;
  readonly matches: boolean;
  /** The alternative that accepted a value (or absence), when one did. */
  readonly accepted?: { readonly alternative: string; readonly value?: Scalar };
  /** Otherwise the alternative that came closest, and why it missed. */
  readonly closest?: { readonly alternative: string; readonly why: string };
  readonly note?: string;
}

/** One way of matching: the pattern itself, or one combination of `$or` alternatives. */
export interface BranchExplanation {
  readonly matches: boolean;
  /** Which `$or` alternatives make up this branch: `$or at detail: #2`. */
  readonly choices: readonly string[];
  readonly fields: readonly FieldExplanation[];
  readonly note?: string;
}

export interface PatternExplanation {
  /** Always the matcher's own verdict: `pattern.matches(event)`. */
  readonly matches: boolean;
  readonly branches: readonly BranchExplanation[];
  /** The branch that matched, or the one that came closest. */
  readonly best: number;
  /** Why nothing could be compared at all (not an object, nested too deep). */
  readonly problem?: string;
}

const MAX_SHOWN = 5;

interface Spec {
  readonly key: string;
  readonly list: JsonNode & { type: 'array' };
}

interface Rule {
  readonly fields: Map<string, Spec>;
  readonly choices: string[];
}

const copy = (rules: readonly Rule[]): Rule[] =>
  rules.map((r) => ({ fields: new Map(r.fields), choices: [...r.choices] }));

const newRule = (): Rule => ({ fields: new Map(), choices: [] });

/**
 * The pattern's branches, built as the compiler builds its sub-rules
 * (compile.ts: `$or` multiplies the rules so far, a repeated key overwrites),
 * keeping each field's value list as written so it can be shown.
 */
class Branches {
  readonly rules: Rule[] = [];

  constructor(root: JsonNode) {
    if (root.type === 'object') this.object(root, [], this.rules);
  }

  private object(node: JsonNode & { type: 'object' }, steps: readonly string[], into: Rule[]) {
    for (const { key, value } of node.entries) {
      if (key === '$or' && value.type === 'array') this.or(value.items, steps, into);
      else if (value.type === 'object') this.object(value, [...steps, key], into);
      else if (value.type === 'array')
        this.field(steps.length === 0 ? key : `${steps.join('.')}.${key}`, value, into);
    }
  }

  private field(name: string, list: JsonNode & { type: 'array' }, into: Rule[]) {
    if (into.length === 0) into.push(newRule());
    for (const rule of into) rule.fields.set(name, { key: name, list });
  }

  private or(items: readonly JsonNode[], steps: readonly string[], into: Rule[]) {
    const current = copy(into);
    into.length = 0;
    const where = steps.join('.') || 'the top';
    items.forEach((item, i) => {
      if (item.type !== 'object') return;
      const branch = current.length > 0 ? copy(current) : [newRule()];
      for (const rule of branch) rule.choices.push(`$or at ${where}: #${i + 1}`);
      this.object(item, steps, branch);
      into.push(...branch);
    });
  }
}

const byKey = (a: Spec, b: Spec): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

interface CompiledSpec {
  readonly spec: Spec;
  readonly matchers: readonly Matcher[];
  readonly field: CompiledField;
}

const compileSpec = (spec: Spec): CompiledSpec => {
  const matchers = spec.list.items.map((item, i) => compileValue(item, [spec.key, i]));
  return {
    spec,
    matchers,
    field: {
      key: spec.key,
      tests: matchers.flatMap((m) => (m.kind === 'value' ? [m.test] : [])),
      allowAbsent: matchers.some((m) => m.kind === 'absent'),
    },
  };
};

function explainField(
  compiled: CompiledSpec,
  present: readonly Occurrence[],
  paths: () => EventPaths,
): FieldExplanation {
  const { spec, matchers } = compiled;
  const items = spec.list.items;
  const base = {
    key: spec.key,
    condition: jsonNodeToText(spec.list),
    values: present.slice(0, MAX_SHOWN).map((o) => o.value.raw),
    count: present.length,
  };
  for (const o of present) {
    const i = matchers.findIndex((m) => m.kind === 'value' && m.test(o.value));
    const item = items[i];
    if (item)
      return {
        ...base,
        matches: true,
        accepted: { alternative: jsonNodeToText(item), value: o.value.raw },
      };
  }
  const absent = matchers.findIndex((m) => m.kind === 'absent');
  if (present.length === 0) {
    const item = items[absent];
    if (item) return { ...base, matches: true, accepted: { alternative: jsonNodeToText(item) } };
    return { ...base, matches: false, note: explainAbsence(spec.key, paths()) };
  }
  let best = { score: -1, alternative: '', why: '' };
  items.forEach((item, i) => {
    if (matchers[i]?.kind === 'absent') {
      const why = `present (${present.length} value${present.length === 1 ? '' : 's'}), but ${jsonNodeToText(item)} wants it absent`;
      if (best.score < 0.2) best = { score: 0.2, alternative: jsonNodeToText(item), why };
      return;
    }
    for (const o of present.slice(0, 64)) {
      const miss = missOf(item, o.value.raw);
      if (miss.score > best.score)
        best = { score: miss.score, alternative: jsonNodeToText(item), why: miss.why };
    }
  });
  return { ...base, matches: false, closest: { alternative: best.alternative, why: best.why } };
}

const failing = (b: BranchExplanation): number => b.fields.filter((f) => !f.matches).length;

const ARRAYS_NOTE =
  'each field has a matching value, but not all in the same element of an array: EventBridge matches the fields of one array element together';

function explainBranch(
  rule: Rule,
  occurrences: Occurrences,
  paths: () => EventPaths,
): BranchExplanation {
  const specs = [...rule.fields.values()].sort(byKey).map(compileSpec);
  const subRule: SubRule = { fields: specs.map((s) => s.field) };
  const matches = matchSubRule(subRule, occurrences);
  const fields = specs.map((s) => explainField(s, occurrences.get(s.spec.key) ?? [], paths));
  const allFieldsMatch = fields.every((f) => f.matches);
  const note = !matches && allFieldsMatch ? ARRAYS_NOTE : undefined;
  return { matches, choices: rule.choices, fields, ...(note ? { note } : {}) };
}

const nodeOf = (source: unknown): JsonNode =>
  typeof source === 'string' ? parseJsonText(source) : jsonNodeFromValue(source);

/**
 * Why a compiled pattern matches an event or not, field by field and branch
 * by branch. The verdict is the matcher's own (`pattern.matches(event)`); the
 * branches are evaluated by the same sub-rule evaluator, so they agree with it.
 *
 * @example
 * explainPattern(compilePattern({ source: ['aws.cloudtrail'] }), { source: 'aws.signin' })
 *   .branches[0].fields[0].closest?.why; // '"aws.signin" is not "aws.cloudtrail"'
 */
export function explainPattern(pattern: CompiledPattern, event: unknown): PatternExplanation {
  const matches = pattern.matches(event);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { matches, branches: [], best: -1, problem: 'the event is not a JSON object' };
  }
  const rules = new Branches(nodeOf(pattern.source)).rules;
  const keys = new Set(rules.flatMap((r) => [...r.fields.keys()]));
  const occurrences = flattenEvent(event, flattenPlan(keys));
  if (occurrences === null) {
    return {
      matches,
      branches: [],
      best: -1,
      problem: 'the event is nested deeper than EventBridge accepts',
    };
  }
  let cached: EventPaths | undefined;
  const paths = () => {
    cached ??= eventPaths(event);
    return cached;
  };
  const branches = rules.map((r) => explainBranch(r, occurrences, paths));
  const matched = branches.findIndex((b) => b.matches);
  const best =
    matched !== -1
      ? matched
      : branches.reduce((bestIndex, b, i, all) => {
          const current = all[bestIndex];
          return current === undefined || failing(b) < failing(current) ? i : bestIndex;
        }, 0);
  return { matches, branches, best };
}
