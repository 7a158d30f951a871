import { types } from 'node:util';
import { EventValue } from './event-value.js';
import type { FlattenPlan, PlanNode } from './flatten.js';
import { MAX_EVENT_DEPTH } from './limits.js';

/** What a reader collects: the machine's keys as a tree of names, each key with its number. */
export interface ReadPlan {
  readonly plan: FlattenPlan;
  /** By plan node that is a key: the key's number. */
  readonly ids: ReadonlyMap<PlanNode, number>;
  readonly size: number;
}

/**
 * @example readPlan(flattenPlan(new Set(['detail.type'])), new Map([['detail.type', 0]]))
 */
export const readPlan = (plan: FlattenPlan, keyIds: ReadonlyMap<string, number>): ReadPlan => {
  const ids = new Map<PlanNode, number>();
  for (const [name, id] of keyIds) {
    const node = plan.byName.get(name);
    if (node?.key) ids.set(node, id);
  }
  return { plan, ids, size: keyIds.size };
};

const NONE: readonly EventValue[] = [];

const isLeaf = (v: unknown): v is string | number | boolean | null =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/**
 * The values of an event's fields by key number, for the machine's plain walk. The first read
 * collects every key of the plan in one walk of the event, as event-ruler flattens an event
 * once: only subtrees whose names lead to a key are entered, and each object's keys are taken
 * by `for…in`, which V8 serves from the object's own key list. (Reading each key down the
 * event instead asks objects for names they mostly lack, `detail.userIdentity` among them,
 * since event-ruler joins keys with dots, and asks each hit whether it is enumerable.) It
 * gives the values flattenEvent gives; reading a key whose values sit in an array of objects
 * sets `inArrays`, and an event nested deeper than AWS accepts along the plan sets `tooDeep`:
 * the caller then walks with array consistency or hands the event to the per-pattern
 * evaluator.
 */
export class FieldReader {
  /** By key number: the values, once collected. */
  private values: (EventValue[] | undefined)[] | undefined;
  /** By key number: 1 when some value sits in an element of an array of objects or arrays. */
  private inElement = new Uint8Array(0);
  /** A value read sits in an array of objects (or of arrays): array consistency applies. */
  inArrays = false;
  /** The event nests deeper than AWS accepts along the plan. */
  tooDeep = false;

  constructor(
    private readonly event: object,
    private readonly plan: ReadPlan,
  ) {
    // Events are data (parsed JSON). A proxy can answer differently to each way of asking:
    // one given as the event goes to the per-pattern evaluator, which asks it as it always has.
    if (types.isProxy(event)) throw new TypeError('a proxy as the event');
  }

  /** The values of the field with this key number, none when absent. */
  read(key: number): readonly EventValue[] {
    let values = this.values;
    if (values === undefined) values = this.collect();
    if (this.inElement[key] === 1) this.inArrays = true;
    return values[key] ?? NONE;
  }

  private collect(): (EventValue[] | undefined)[] {
    const values: (EventValue[] | undefined)[] = [];
    this.values = values;
    this.inElement = new Uint8Array(this.plan.size);
    if (!this.visit(this.event, this.plan.plan.root, true, false, 0)) this.tooDeep = true;
    return values;
  }

  /** The plan node of `key` under `node`, or undefined when it leads to no key. */
  private childOf(node: PlanNode, key: string, top: boolean): PlanNode | undefined {
    const child = node.children.get(key);
    if (child !== undefined || !node.deep || !key.includes('.')) return child;
    // `{"a.b": 1}` names a.b just as `{"a": {"b": 1}}` does (event-ruler joins keys with dots).
    return this.plan.plan.byName.get(top ? key : `${node.name}.${key}`);
  }

  /** False when the event nests deeper than AWS accepts. */
  private visit(
    value: object,
    node: PlanNode,
    top: boolean,
    element: boolean,
    depth: number,
  ): boolean {
    if (depth > MAX_EVENT_DEPTH) return false;
    if (Array.isArray(value)) return this.visitArray(value, node, top, element, depth);
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const child = this.childOf(node, key, top);
      // for…in also lists inherited enumerable keys: only own ones are the event's.
      if (child === undefined || !Object.hasOwn(record, key)) continue;
      if (!this.visitValue(record[key], child, element, depth)) return false;
    }
    return true;
  }

  private visitValue(v: unknown, node: PlanNode, element: boolean, depth: number): boolean {
    if (isLeaf(v)) {
      if (node.key) this.add(node, v, element);
      return true;
    }
    return typeof v !== 'object' || v === null || this.visit(v, node, false, element, depth + 1);
  }

  /** An array's scalars take its name; its objects and arrays are elements. */
  private visitArray(
    items: readonly unknown[],
    node: PlanNode,
    top: boolean,
    element: boolean,
    depth: number,
  ): boolean {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // The root array's scalars are named '' (no key can be).
      if (isLeaf(item)) {
        if (!top && node.key) this.add(node, item, element);
      } else if (typeof item === 'object' && item !== null) {
        if (!this.visit(item, node, top, true, depth + 1)) return false;
      }
    }
    return true;
  }

  private add(node: PlanNode, raw: string | number | boolean | null, element: boolean): void {
    const id = this.plan.ids.get(node);
    if (id === undefined || this.values === undefined) return;
    if (element) this.inElement[id] = 1;
    const list = this.values[id];
    const value = new EventValue(raw);
    if (list === undefined) this.values[id] = [value];
    else list.push(value);
  }
}
