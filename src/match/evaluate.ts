import type { CompiledField, SubRule } from './compile.js';
import type { Membership, Occurrence, Occurrences } from './flatten.js';

const NONE: readonly Occurrence[] = [];

/** Array index choices made so far: array id to element index. */
export type Choices = Map<number, number>;

/** Whether a value's array elements agree with the choices made so far. */
export const consistent = (membership: Membership | null, choices: Choices): boolean => {
  for (let m = membership; m !== null; m = m.parent) {
    const chosen = choices.get(m.arrayId);
    if (chosen !== undefined && chosen !== m.index) return false;
  }
  return true;
};

/** Records the occurrence's array elements; returns the ids it added, for undoing. */
export const choose = (membership: Membership | null, choices: Choices): number[] => {
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
  const all: (readonly Occurrence[])[] = [];
  const hits: (readonly Occurrence[])[] = [];
  let anyArrays = false;
  for (const field of rule.fields) {
    const present = occurrences.get(field.key) ?? NONE;
    const accepted = present.filter((o) => acceptedBy(field, o));
    // A value outside any array of objects is compatible with every choice, so it rules out
    // absence for good.
    const canBeAbsent = field.allowAbsent && present.every((o) => o.membership !== null);
    if (accepted.length === 0 && !canBeAbsent) return false;
    anyArrays ||= present.some((o) => o.membership !== null);
    all.push(present);
    hits.push(accepted);
  }
  // Without arrays of objects every value is compatible with every other one.
  if (!anyArrays) {
    return rule.fields.every(
      (f, i) => (hits[i] ?? NONE).length > 0 || (f.allowAbsent && (all[i] ?? NONE).length === 0),
    );
  }
  return new ConsistentSearch(rule.fields, all, hits).run();
};

/** Occurrences of one field indexed by the array elements they sit in. */
export class FieldIndex {
  private readonly byElement = new Map<string, Occurrence[]>();
  private readonly outside = new Map<number, readonly Occurrence[]>();
  private readonly arrays = new Set<number>();

  constructor(readonly hits: readonly Occurrence[]) {
    for (const o of hits) {
      for (let m = o.membership; m !== null; m = m.parent) {
        this.arrays.add(m.arrayId);
        const key = `${m.arrayId}:${m.index}`;
        const list = this.byElement.get(key);
        if (list === undefined) this.byElement.set(key, [o]);
        else list.push(o);
      }
    }
  }

  /**
   * A superset of the hits compatible with `choices`, narrowed through one array already
   * chosen: the hits in the chosen element plus the hits outside that array. Without it,
   * every element of a large array would be rescanned for every choice.
   */
  candidates(choices: Choices): readonly Occurrence[] {
    for (const [arrayId, index] of choices) {
      if (!this.arrays.has(arrayId)) continue;
      const inside = this.byElement.get(`${arrayId}:${index}`) ?? NONE;
      const outside = this.outsideOf(arrayId);
      return outside.length === 0 ? inside : [...inside, ...outside];
    }
    return this.hits;
  }

  private outsideOf(arrayId: number): readonly Occurrence[] {
    let list = this.outside.get(arrayId);
    if (list === undefined) {
      list = this.hits.filter((o) => {
        for (let m = o.membership; m !== null; m = m.parent)
          if (m.arrayId === arrayId) return false;
        return true;
      });
      this.outside.set(arrayId, list);
    }
    return list;
  }
}

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
  private readonly hitIndexes: FieldIndex[];
  private readonly presentIndexes: FieldIndex[];

  constructor(
    private readonly fields: readonly CompiledField[],
    all: readonly (readonly Occurrence[])[],
    hits: readonly (readonly Occurrence[])[],
  ) {
    const relevant: Set<number>[] = [];
    let acc = new Set<number>();
    for (let i = fields.length - 1; i >= 0; i--) {
      acc = new Set(acc);
      arraysOf(all[i] ?? NONE, acc);
      relevant[i] = acc;
    }
    this.relevant = relevant;
    this.hitIndexes = hits.map((h) => new FieldIndex(h));
    this.presentIndexes = fields.map(
      (f, i) => new FieldIndex(f.allowAbsent ? (all[i] ?? NONE) : NONE),
    );
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
    for (const occurrence of this.hitIndexes[index]?.candidates(this.choices) ?? NONE) {
      if (!consistent(occurrence.membership, this.choices)) continue;
      const added = choose(occurrence.membership, this.choices);
      const found = this.search(index + 1);
      for (const id of added) this.choices.delete(id);
      if (found) return true;
    }
    if (field.allowAbsent && !this.anyPresent(index) && this.search(index + 1)) return true;
    this.failed.add(key);
    return false;
  }

  private anyPresent(index: number): boolean {
    const present = this.presentIndexes[index]?.candidates(this.choices) ?? NONE;
    return present.some((o) => consistent(o.membership, this.choices));
  }
}
