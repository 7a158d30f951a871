import { types } from 'node:util';
import { EventValue } from './event-value.js';
import { MAX_EVENT_DEPTH } from './limits.js';

/** A field key split for reading: `joined[i][j]` is segments i … j joined with dots. */
export interface KeyPath {
  readonly length: number;
  readonly joined: readonly (readonly string[])[];
}

/**
 * @example keyPath('a.b.c').joined[0]; // ['a', 'a.b', 'a.b.c']
 */
export const keyPath = (key: string): KeyPath => {
  const segments = key.split('.');
  const joined = segments.map((_, i) =>
    segments.slice(i).map((__, k) => segments.slice(i, i + k + 1).join('.')),
  );
  return { length: segments.length, joined };
};

const NONE: readonly EventValue[] = [];

const isLeaf = (v: unknown): v is string | number | boolean | null =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

const enumerable = Object.prototype.propertyIsEnumerable;

/** Where a read is: the depth, whether inside an array element, and where values go. */
type Along = [depth: number, element: boolean, out: EventValue[]];

/**
 * Reads one field of an event on demand, by following its key down the event instead of
 * walking every key of every object: `detail.userIdentity.type` looks at `detail`,
 * `detail.userIdentity` and `detail.userIdentity.type` at the top (event-ruler joins keys with
 * dots, so each is a way to spell the field), and so on down. It gives the same values as
 * flattenEvent for a field whose values sit in no array of objects; when it meets one, or an
 * event nested deeper than AWS accepts, it says so and the caller flattens the whole event.
 */
export class FieldReader {
  /** By key id: the values read, once. */
  private readonly cache: (readonly EventValue[] | undefined)[] = [];
  /** A value read sits in an array of objects (or of arrays): array consistency applies. */
  inArrays = false;
  /** A path read nests deeper than AWS accepts. */
  tooDeep = false;

  constructor(
    private readonly event: object,
    /** By key id. */
    private readonly paths: readonly KeyPath[],
  ) {
    // Events are data (parsed JSON). A proxy can answer differently to each way of asking:
    // one given as the event goes to the per-pattern evaluator, which asks it as it always has.
    if (types.isProxy(event)) throw new TypeError('a proxy as the event');
  }

  /** The values of the field with this key id, none when absent. */
  read(key: number): readonly EventValue[] {
    let found = this.cache[key];
    if (found === undefined) {
      const path = this.paths[key];
      const out: EventValue[] = [];
      if (path !== undefined) this.down(this.event, path, 0, 0, false, out);
      found = out.length === 0 ? NONE : out;
      this.cache[key] = found;
    }
    return found;
  }

  /**
   * Collects the values under segments `from` … of the path, below `value`. Inside an element
   * of an array (`element`), a value found means array consistency applies: the caller is told
   * and flattens the event instead, so memberships are not tracked here.
   */
  private down(
    value: object,
    path: KeyPath,
    from: number,
    depth: number,
    element: boolean,
    out: EventValue[],
  ): void {
    if (depth > MAX_EVENT_DEPTH) {
      this.tooDeep = true;
      return;
    }
    if (Array.isArray(value)) {
      this.across(value, path, from, depth, element, out);
      return;
    }
    if (from === path.length) return;
    const names = path.joined[from] ?? [];
    for (let j = 0; j < names.length; j++) {
      const name = names[j] as string;
      const child = (value as Record<string, unknown>)[name];
      // Most names are absent: a plain read answers those; only a hit must be an own key.
      if (child !== undefined && enumerable.call(value, name)) {
        this.at(child, path, from + j + 1, depth, element, out);
      }
    }
  }

  /** One value met on the way, `next` segments along. */
  private at(
    child: unknown,
    path: KeyPath,
    next: number,
    depth: number,
    element: boolean,
    out: EventValue[],
  ): void {
    if (isLeaf(child)) {
      if (next === path.length) this.found(child, element, out);
    } else if (typeof child === 'object' && child !== null) {
      this.down(child, path, next, depth + 1, element, out);
    }
  }

  /** An array takes its field's name: scalars in it are values, objects and arrays elements. */
  private across(items: readonly unknown[], path: KeyPath, from: number, ...rest: Along): void {
    const [depth, element, out] = rest;
    for (const item of items) this.at(item, path, from, depth, element || !isLeaf(item), out);
  }

  private found(raw: string | number | boolean | null, element: boolean, out: EventValue[]): void {
    if (element) this.inArrays = true;
    out.push(new EventValue(raw));
  }
}
