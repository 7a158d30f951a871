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

/** A name of the plan: the dotted names below it by their next segment. */
export interface PlanNode {
  readonly name: string;
  /** The name is a field key of the pattern (not only a prefix of one). */
  readonly key: boolean;
  readonly children: ReadonlyMap<string, PlanNode>;
  /** Some child has children: an event key with a dot in it could reach a name below. */
  readonly deep: boolean;
}

/** What the flattener needs to know about a pattern: which dotted names matter. */
export interface FlattenPlan {
  readonly keys: ReadonlySet<string>;
  /** Every name that is a key or a dot-separated prefix of one. */
  readonly prefixes: ReadonlySet<string>;
  /** The names as a tree of segments, so that a walk compares each event key once. */
  readonly root: PlanNode;
  readonly byName: ReadonlyMap<string, PlanNode>;
}

interface MutableNode {
  name: string;
  key: boolean;
  children: Map<string, MutableNode>;
  deep: boolean;
}

/**
 * @example
 * flattenPlan(new Set(['detail.state'])).prefixes; // Set { 'detail', 'detail.state' }
 */
export const flattenPlan = (keys: ReadonlySet<string>): FlattenPlan => {
  const prefixes = new Set<string>();
  const root: MutableNode = { name: '', key: false, children: new Map(), deep: false };
  const byName = new Map<string, MutableNode>();
  for (const key of keys) {
    prefixes.add(key);
    for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) {
      prefixes.add(key.slice(0, i));
    }
    let at = root;
    let name: string | null = null;
    for (const segment of key.split('.')) {
      name = name === null ? segment : `${name}.${segment}`;
      let child = at.children.get(segment);
      if (child === undefined) {
        child = { name, key: false, children: new Map(), deep: false };
        at.children.set(segment, child);
        byName.set(name, child);
      }
      at = child;
    }
    at.key = true;
  }
  const markDeep = (node: MutableNode): void => {
    for (const child of node.children.values()) {
      if (child.children.size > 0) node.deep = true;
      markDeep(child);
    }
  };
  markDeep(root);
  return { keys, prefixes, root, byName };
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
  if (!walk.visit(event, plan.root, true, null, 0)) return null;
  return {
    occurrences: walk.found,
    inArrays: walk.inArrays,
    topLevelInArrays: walk.topLevelInArrays,
  };
};

/**
 * A recursive walk: the depth is checked before each step down, so recursion is bounded by
 * MAX_EVENT_DEPTH (far below the engine's stack) whatever the event. Names come from the
 * plan's tree, so no name is built for a key that leads nowhere.
 */
class Flattener {
  readonly found = new Map<string, Occurrence[]>();
  inArrays = false;
  topLevelInArrays = false;
  private nextArrayId = 0;

  constructor(private readonly plan: FlattenPlan) {}

  /** The plan node of `key` under `node`, or undefined when it leads to no key. */
  private childOf(node: PlanNode, key: string, top: boolean): PlanNode | undefined {
    const child = node.children.get(key);
    if (child !== undefined || !node.deep || !key.includes('.')) return child;
    // `{"a.b": 1}` names a.b just as `{"a": {"b": 1}}` does (event-ruler joins keys with dots).
    return this.plan.byName.get(top ? key : `${node.name}.${key}`);
  }

  /** False when the event nests deeper than AWS accepts. */
  visit(
    value: object,
    node: PlanNode,
    top: boolean,
    membership: Membership | null,
    depth: number,
  ): boolean {
    if (depth > MAX_EVENT_DEPTH) return false;
    if (Array.isArray(value)) return this.visitArray(value, node, top, membership, depth);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = this.childOf(node, key, top);
      if (child !== undefined && !this.visitValue(record[key], child, membership, depth)) {
        return false;
      }
    }
    return true;
  }

  private visitValue(
    value: unknown,
    node: PlanNode,
    membership: Membership | null,
    depth: number,
  ): boolean {
    if (isLeaf(value)) {
      if (node.key) this.add(node.name, value, membership);
    } else if (typeof value === 'object' && value !== null) {
      return this.visit(value, node, false, membership, depth + 1);
    }
    return true;
  }

  /** An array's elements take its own name; elements that are objects or arrays are elements. */
  private visitArray(
    items: readonly unknown[],
    node: PlanNode,
    top: boolean,
    membership: Membership | null,
    depth: number,
  ): boolean {
    let arrayId = -1;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      // The root array's scalars are named '' (no key can be).
      if (isLeaf(item)) this.addIf(!top && node.key, node.name, item, membership);
      else if (typeof item === 'object' && item !== null) {
        if (arrayId === -1) arrayId = this.nextArrayId++;
        const inner = { arrayId, index, parent: membership };
        if (!this.visit(item, node, top, inner, depth + 1)) return false;
      }
    }
    return true;
  }

  private addIf(wanted: boolean, name: string, raw: Leaf, membership: Membership | null): void {
    if (wanted) this.add(name, raw, membership);
  }

  private add(name: string, raw: Leaf, membership: Membership | null): void {
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
