import type { CompiledField, SubRule } from './compile.js';
import type { Membership, Occurrence, Occurrences } from './flatten.js';

const NONE: readonly Occurrence[] = [];

/** Array index choices made so far: array id to element index. */
type Choices = Map<number, number>;

const consistent = (membership: Membership | null, choices: Choices): boolean => {
  for (let m = membership; m !== null; m = m.parent) {
    const chosen = choices.get(m.arrayId);
    if (chosen !== undefined && chosen !== m.index) return false;
  }
  return true;
};

/** Records the occurrence's array elements; returns the ids it added, for undoing. */
const choose = (membership: Membership | null, choices: Choices): number[] => {
  const added: number[] = [];
  for (let m = membership; m !== null; m = m.parent) {
    if (!choices.has(m.arrayId)) {
      choices.set(m.arrayId, m.index);
      added.push(m.arrayId);
    }
  }
  return added;
};

const arraysOf = (occurrences: readonly Occurrence[], into: Set<number>): void => {
  for (const o of occurrences) {
    for (let m = o.membership; m !== null; m = m.parent) into.add(m.arrayId);
  }
};

const acceptedBy = (field: CompiledField, occurrence: Occurrence): boolean =>
  field.tests.some((test) => test(occurrence.value));

/**
 * Whether one sub-rule matches, with event-ruler's array consistency (rulesForJSONEvent):
 * fields are taken in key order, each value chosen must sit in the same element of every
 * array it shares with the values chosen before it, and `exists: false` holds when no value
 * of the field sits in a compatible element *given the choices made so far*; like
 * event-ruler, later fields do not constrain that test.
 *
 * @example
 * matchSubRule(subRule, flattenEvent(event, plan));
 */
export const matchSubRule = (rule: SubRule, occurrences: Occurrences): boolean => {
  const fields = rule.fields;
  const all = fields.map((f) => occurrences.get(f.key) ?? NONE);
  const hits = fields.map((f, i) => (all[i] ?? NONE).filter((o) => acceptedBy(f, o)));
  let anyArrays = false;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as CompiledField;
    const present = all[i] ?? NONE;
    const unconditional = present.some((o) => o.membership === null);
    if ((hits[i] ?? NONE).length === 0 && !(field.allowAbsent && !unconditional)) return false;
    anyArrays ||= present.some((o) => o.membership !== null);
  }
  // Without arrays of objects every value is compatible with every other one.
  if (!anyArrays) {
    return fields.every(
      (f, i) => (hits[i] ?? NONE).length > 0 || (f.allowAbsent && (all[i] ?? NONE).length === 0),
    );
  }
  return new ConsistentSearch(fields, all, hits).run();
};

/**
 * Depth-first search over value choices. A failed state is remembered by the field index and
 * the choices restricted to arrays that later fields can still touch, so equivalent
 * branches (say, a thousand elements that all fail the same way) are explored once.
 */
class ConsistentSearch {
  private readonly choices: Choices = new Map();
  private readonly failed = new Set<string>();
  /** For each field index, the arrays that fields from there on can touch. */
  private readonly relevant: ReadonlySet<number>[];

  constructor(
    private readonly fields: readonly CompiledField[],
    private readonly all: readonly (readonly Occurrence[])[],
    private readonly hits: readonly (readonly Occurrence[])[],
  ) {
    const relevant: Set<number>[] = [];
    let acc = new Set<number>();
    for (let i = fields.length - 1; i >= 0; i--) {
      acc = new Set(acc);
      arraysOf(all[i] ?? NONE, acc);
      relevant[i] = acc;
    }
    this.relevant = relevant;
  }

  run(): boolean {
    return this.search(0);
  }

  private stateKey(index: number): string {
    const relevant = this.relevant[index];
    const parts: string[] = [];
    for (const [id, element] of this.choices) {
      if (relevant?.has(id)) parts.push(`${id}:${element}`);
    }
    return `${index}|${parts.sort().join(',')}`;
  }

  private search(index: number): boolean {
    if (index === this.fields.length) return true;
    const key = this.stateKey(index);
    if (this.failed.has(key)) return false;
    const field = this.fields[index] as CompiledField;
    for (const occurrence of this.hits[index] ?? NONE) {
      if (!consistent(occurrence.membership, this.choices)) continue;
      const added = choose(occurrence.membership, this.choices);
      const found = this.search(index + 1);
      for (const id of added) this.choices.delete(id);
      if (found) return true;
    }
    if (field.allowAbsent) {
      const present = (this.all[index] ?? NONE).some((o) => consistent(o.membership, this.choices));
      if (!present && this.search(index + 1)) return true;
    }
    this.failed.add(key);
    return false;
  }
}
