import { fail, type JsonPath } from './errors.js';
import type { EventValue } from './event-value.js';
import { type JsonNode, jsonNodeToText } from './json-text.js';
import { MAX_FIELDS_PER_RULE, MAX_SUB_RULES, MAX_WILDCARD_COMPLEXITY } from './limits.js';
import { compileValue, type Matcher } from './operators.js';
import type { ValueShape } from './shape.js';
import { type Wildcard, wildcardComplexity } from './wildcard.js';

/** One value test of a field with what the combined machine needs to index it. */
export interface ValueTest {
  readonly test: (value: EventValue) => boolean;
  readonly shape: ValueShape;
  /** Canonical JSON text of the value entry. */
  readonly text: string;
}

/** One flattened field of a sub-rule: `detail.severity` and the values it accepts. */
export interface CompiledField {
  /** Dotted path, built the way event-ruler joins keys. */
  readonly key: string;
  /** The field matches a present value if any test accepts it. */
  readonly tests: readonly ((value: EventValue) => boolean)[];
  /** `{"exists": false}` is among the values: the field also matches when absent. */
  readonly allowAbsent: boolean;
}

/** A compiled field with what the combined machine needs to share it with other patterns. */
export interface IndexedField extends CompiledField {
  /** The tests again, with their shapes (same order as `tests`). */
  readonly values: readonly ValueTest[];
  /** Canonical JSON text of the whole value list: equal texts accept the same values. */
  readonly text: string;
}

/** One branch of the pattern once `$or` is expanded; its fields are sorted by key. */
export interface SubRule {
  readonly fields: readonly CompiledField[];
}

/** A sub-rule as compileStructure makes it: a SubRule whose fields are indexed. */
export interface IndexedSubRule extends SubRule {
  readonly fields: readonly IndexedField[];
}

/** A validated pattern: the pattern matches an event when any sub-rule does. */
export interface CompiledStructure {
  readonly subRules: readonly IndexedSubRule[];
  /** Every field key used by any sub-rule. */
  readonly keys: ReadonlySet<string>;
}

/** Field names event-ruler refuses inside `$or` (its Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

interface FieldSpec {
  readonly key: string;
  readonly matchers: readonly Matcher[];
  /** Canonical text of the value list, to tell when two sub-rules share a state machine. */
  readonly text: string;
  readonly path: JsonPath;
}

type Rule = Map<string, FieldSpec>;

type ObjectNode = JsonNode & { type: 'object' };

const copyRules = (rules: readonly Rule[]): Rule[] => rules.map((rule) => new Map(rule));

// event-ruler's Path.extendedName: the parent name, a dot unless the parent name is empty,
// then the key.
const extendedName = (steps: readonly string[], key: string): string => {
  const base = steps.join('.');
  return base === '' ? key : `${base}.${key}`;
};

/**
 * Mirrors JsonRuleCompiler: walks the pattern in document order, so the first problem found
 * is the one AWS reports, and a repeated key overwrites the earlier one (Map.put).
 */
class StructureCompiler {
  compileRoot(root: ObjectNode): Rule[] {
    const rules: Rule[] = [];
    this.compileObject(root, [], rules, false, []);
    return rules;
  }

  private compileObject(
    node: ObjectNode,
    steps: readonly string[],
    rules: Rule[],
    inOr: boolean,
    path: JsonPath,
  ): void {
    if (node.entries.length === 0) fail('Empty objects are not allowed', path);
    for (const { key, value } of node.entries) {
      const entryPath = [...path, key];
      if (key === '$or') {
        this.compileOr(value, steps, rules, entryPath);
        continue;
      }
      if (inOr && RESERVED_IN_OR.has(key)) {
        fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, entryPath);
      }
      if (value.type === 'object') {
        this.compileObject(value, [...steps, key], rules, inOr, entryPath);
      } else if (value.type === 'array') {
        this.writeField(rules, extendedName(steps, key), value, entryPath);
      } else {
        fail(`"${key}" must be an object or an array`, entryPath);
      }
    }
  }

  private compileOr(node: JsonNode, steps: readonly string[], rules: Rule[], path: JsonPath): void {
    const current = copyRules(rules);
    rules.length = 0;
    if (node.type !== 'array') fail('It must be an Array followed with $or.', path);
    const items = node.items;
    items.forEach((item, i) => {
      if (item.type !== 'object') {
        fail('Only JSON object is allowed in array of $or relationship.', [...path, i]);
      }
      const branch = current.length > 0 ? copyRules(current) : [new Map()];
      this.compileObject(item, steps, branch, true, [...path, i]);
      rules.push(...branch);
      if (rules.length > MAX_SUB_RULES) {
        fail(`Pattern expands to more than ${MAX_SUB_RULES} $or combinations`, path);
      }
    });
    if (items.length < 2) {
      fail('There must have at least 2 Objects in $or relationship.', path);
    }
  }

  private writeField(
    rules: Rule[],
    key: string,
    node: JsonNode & { type: 'array' },
    path: JsonPath,
  ): void {
    const matchers = node.items.map((item, i) => compileValue(item, [...path, i]));
    if (matchers.length === 0) fail('Empty arrays are not allowed', path);
    if (rules.length === 0) rules.push(new Map());
    const spec: FieldSpec = { key, matchers, text: jsonNodeToText(node), path };
    for (const rule of rules) rule.set(key, spec);
  }
}

const byKey = (a: FieldSpec, b: FieldSpec): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

/**
 * AWS measures wildcard complexity per event-ruler state machine. Sub-rules share a field's
 * machine when every earlier field (in key order) is identical, so wildcards are grouped by
 * that shared history plus the field key.
 */
const checkWildcardComplexity = (rules: readonly (readonly FieldSpec[])[]): void => {
  const groups = new Map<string, { wildcards: Wildcard[]; path: JsonPath }>();
  for (const fields of rules) {
    let history = '';
    for (const field of fields) {
      const wildcards = field.matchers.flatMap((m) => (m.kind === 'value' ? m.wildcards : []));
      if (wildcards.length > 0) {
        const id = `${history}\u0000${field.key}`;
        const group = groups.get(id) ?? { wildcards: [], path: field.path };
        group.wildcards.push(...wildcards);
        groups.set(id, group);
      }
      history += `\u0000${field.key}\u0000${field.text}`;
    }
  }
  for (const { wildcards, path } of groups.values()) {
    if (wildcardComplexity(wildcards, MAX_WILDCARD_COMPLEXITY) >= MAX_WILDCARD_COMPLEXITY) {
      fail(TOO_COMPLEX, path);
    }
  }
};

const toCompiledField = (spec: FieldSpec): IndexedField => {
  const values = spec.matchers.flatMap((m) =>
    m.kind === 'value' ? [{ test: m.test, shape: m.shape, text: m.text }] : [],
  );
  return {
    key: spec.key,
    tests: values.map((v) => v.test),
    allowAbsent: spec.matchers.some((m) => m.kind === 'absent'),
    values,
    text: spec.text,
  };
};

/**
 * Validates a pattern tree and compiles it to sub-rules.
 *
 * @example
 * compileStructure(parseJsonText('{"source": ["aws.guardduty"]}')).subRules.length; // 1
 */
export const compileStructure = (root: JsonNode): CompiledStructure => {
  if (root.type !== 'object') return fail('Filter is not an object', []);
  const rules = new StructureCompiler().compileRoot(root);
  const sorted = rules.map((rule) => [...rule.values()].sort(byKey));
  for (const fields of sorted) {
    if (fields.length > MAX_FIELDS_PER_RULE) {
      fail(`Size of rule exceeds max value of ${MAX_FIELDS_PER_RULE}`, []);
    }
  }
  checkWildcardComplexity(sorted);
  // Sub-rules that share a FieldSpec share its compiled tests too.
  const compiled = new Map<FieldSpec, IndexedField>();
  const subRules = sorted.map((fields) => ({
    fields: fields.map((spec) => {
      const existing = compiled.get(spec);
      if (existing !== undefined) return existing;
      const field = toCompiledField(spec);
      compiled.set(spec, field);
      return field;
    }),
  }));
  return { subRules, keys: new Set(sorted.flatMap((fields) => fields.map((f) => f.key))) };
};
