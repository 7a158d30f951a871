import { EventValue } from './event-value.js';
import { MAX_EVENT_DEPTH } from './limits.js';

/**
 * The array elements a value sits in, innermost first. Two values can be used together only
 * if they agree on the index of every array they share (event-ruler's ArrayMembership).
 * Values directly inside an array of scalars carry no entry for that array: event-ruler
 * treats `"tags": ["a", "b"]` like two values of one field, not two elements.
 */
export interface Membership {
  readonly arrayId: number;
  readonly index: number;
  readonly parent: Membership | null;
}

/** A leaf value of the event under one of the pattern's field keys. */
export interface Occurrence {
  readonly value: EventValue;
  readonly membership: Membership | null;
}

export type Occurrences = ReadonlyMap<string, readonly Occurrence[]>;

/** What the flattener needs to know about a pattern: which dotted names matter. */
export interface FlattenPlan {
  readonly keys: ReadonlySet<string>;
  /** Every name that is a key or a dot-separated prefix of one. */
  readonly prefixes: ReadonlySet<string>;
}

/**
 * @example
 * flattenPlan(new Set(['detail.state'])).prefixes; // Set { 'detail', 'detail.state' }
 */
export const flattenPlan = (keys: ReadonlySet<string>): FlattenPlan => {
  const prefixes = new Set<string>();
  for (const key of keys) {
    prefixes.add(key);
    for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) {
      prefixes.add(key.slice(0, i));
    }
  }
  return { keys, prefixes };
};

type Leaf = string | number | boolean | null;

const isLeaf = (v: unknown): v is Leaf =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** What one walk found, with the facts the combined machine needs to pick its path. */
export interface Flattened {
  readonly occurrences: Occurrences;
  /** Some value sits inside an array of objects (or of arrays): array consistency applies. */
  readonly inArrays: boolean;
  /** Some top-level field's value sits inside an array (`{"source": [["x"]]}`). */
  readonly topLevelInArrays: boolean;
}

/**
 * Collects the leaf values of an event under the plan's keys, joining object keys with dots
 * as event-ruler does (so `{"a.b": 1}` and `{"a": {"b": 1}}` both give `a.b`). Only subtrees
 * whose names can lead to a key are visited; an event nested deeper than AWS accepts yields
 * null.
 *
 * @example
 * flattenEvent({ detail: { state: 'running' } }, flattenPlan(new Set(['detail.state'])));
 */
export const flattenEvent = (event: object, plan: FlattenPlan): Occurrences | null =>
  flattenWithFacts(event, plan)?.occurrences ?? null;

/**
 * flattenEvent, also saying whether array consistency can matter.
 *
 * @example
 * flattenWithFacts({ d: [{ a: 1 }] }, flattenPlan(new Set(['d.a'])))?.inArrays; // true
 */
export const flattenWithFacts = (event: object, plan: FlattenPlan): Flattened | null => {
  const walk = new Flattener(plan);
  if (!walk.visit(event, null, null, 0)) return null;
  return {
    occurrences: walk.found,
    inArrays: walk.inArrays,
    topLevelInArrays: walk.topLevelInArrays,
  };
};

/**
 * A recursive walk: the depth is checked before each step down, so recursion is bounded by
 * MAX_EVENT_DEPTH (far below the engine's stack) whatever the event.
 */
class Flattener {
  readonly found = new Map<string, Occurrence[]>();
  inArrays = false;
  topLevelInArrays = false;
  private nextArrayId = 0;
  private readonly prefixes: ReadonlySet<string>;
  private readonly keys: ReadonlySet<string>;

  constructor(plan: FlattenPlan) {
    this.prefixes = plan.prefixes;
    this.keys = plan.keys;
  }

  /** False when the event nests deeper than AWS accepts. */
  visit(node: object, name: string | null, membership: Membership | null, depth: number): boolean {
    if (depth > MAX_EVENT_DEPTH) return false;
    if (Array.isArray(node)) return this.visitArray(node, name ?? '', membership, depth);
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const childName = name === null ? key : `${name}.${key}`;
      if (
        this.prefixes.has(childName) &&
        !this.visitValue(record[key], childName, membership, depth)
      ) {
        return false;
      }
    }
    return true;
  }

  private visitValue(
    child: unknown,
    name: string,
    membership: Membership | null,
    depth: number,
  ): boolean {
    if (isLeaf(child)) this.add(name, child, membership);
    else if (typeof child === 'object' && child !== null) {
      return this.visit(child, name, membership, depth + 1);
    }
    return true;
  }

  private visitArray(
    items: readonly unknown[],
    name: string,
    membership: Membership | null,
    depth: number,
  ): boolean {
    let arrayId = -1;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (isLeaf(item)) {
        this.add(name, item, membership);
      } else if (typeof item === 'object' && item !== null) {
        if (arrayId === -1) arrayId = this.nextArrayId++;
        const inner = { arrayId, index, parent: membership };
        if (!this.visit(item, name, inner, depth + 1)) return false;
      }
    }
    return true;
  }

  private add(name: string, raw: Leaf, membership: Membership | null): void {
    if (!this.keys.has(name)) return;
    if (membership !== null) {
      this.inArrays = true;
      if (!name.includes('.')) this.topLevelInArrays = true;
    }
    const occurrence = { value: new EventValue(raw), membership };
    const list = this.found.get(name);
    if (list === undefined) this.found.set(name, [occurrence]);
    else list.push(occurrence);
  }
}
