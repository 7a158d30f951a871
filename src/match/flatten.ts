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

interface Frame {
  readonly node: object;
  /** Dotted name of the node (an array's own field name for its elements); null for the root. */
  readonly name: string | null;
  readonly membership: Membership | null;
  readonly depth: number;
}

type Leaf = string | number | boolean | null;

const isLeaf = (v: unknown): v is Leaf =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * Collects the leaf values of an event under the plan's keys, joining object keys with dots
 * as event-ruler does (so `{"a.b": 1}` and `{"a": {"b": 1}}` both give `a.b`). Only subtrees
 * whose names can lead to a key are visited; the walk is iterative, and an event nested
 * deeper than AWS accepts yields null.
 *
 * @example
 * flattenEvent({ detail: { state: 'running' } }, flattenPlan(new Set(['detail.state'])));
 */
export const flattenEvent = (event: object, plan: FlattenPlan): Occurrences | null =>
  new Flattener(plan).run(event);

class Flattener {
  private readonly found = new Map<string, Occurrence[]>();
  private readonly stack: Frame[] = [];
  private nextArrayId = 0;

  constructor(private readonly plan: FlattenPlan) {}

  run(event: object): Occurrences | null {
    this.stack.push({ node: event, name: null, membership: null, depth: 0 });
    for (let frame = this.stack.pop(); frame !== undefined; frame = this.stack.pop()) {
      if (frame.depth > MAX_EVENT_DEPTH) return null;
      if (Array.isArray(frame.node)) this.visitArray(frame.node, frame);
      else this.visitObject(frame.node as Record<string, unknown>, frame);
    }
    return this.found;
  }

  private visitObject(record: Record<string, unknown>, frame: Frame): void {
    for (const key of Object.keys(record)) {
      const name = frame.name === null ? key : `${frame.name}.${key}`;
      if (!this.plan.prefixes.has(name)) continue;
      const child = record[key];
      if (isLeaf(child)) this.add(name, child, frame.membership);
      else if (isContainer(child)) {
        this.stack.push({
          node: child,
          name,
          membership: frame.membership,
          depth: frame.depth + 1,
        });
      }
    }
  }

  private visitArray(items: readonly unknown[], frame: Frame): void {
    const name = frame.name ?? '';
    const arrayId = this.nextArrayId++;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (isLeaf(item)) {
        this.add(name, item, frame.membership);
      } else if (isContainer(item)) {
        const membership = { arrayId, index, parent: frame.membership };
        this.stack.push({ node: item, name, membership, depth: frame.depth + 1 });
      }
    }
  }

  private add(name: string, raw: Leaf, membership: Membership | null): void {
    if (!this.plan.keys.has(name)) return;
    const occurrence = { value: new EventValue(raw), membership };
    const list = this.found.get(name);
    if (list === undefined) this.found.set(name, [occurrence]);
    else list.push(occurrence);
  }
}
