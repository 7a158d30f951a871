import { closestWord } from '../text/similar.js';

/** What an event holds at each dotted path (array elements share their array's path). */
export interface EventPaths {
  readonly kinds: ReadonlyMap<string, string>;
  readonly children: ReadonlyMap<string, ReadonlySet<string>>;
}

const MAX_NODES = 20_000;
const MAX_DEPTH = 64;
const MAX_CHILDREN_SHOWN = 8;

const kindOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'object' : typeof value;
};

/**
 * The paths of an event, bounded in nodes and depth (an event is untrusted
 * input), for "did you mean" hints when a field is absent.
 * @example eventPaths({ detail: { severity: 5 } }).kinds.get('detail.severity') // 'number'
 */
export function eventPaths(event: object): EventPaths {
  const walk = new PathWalk();
  walk.run(event);
  return walk;
}

class PathWalk implements EventPaths {
  readonly kinds = new Map<string, string>();
  readonly children = new Map<string, Set<string>>();
  private readonly stack: { value: unknown; name: string; depth: number }[] = [];

  run(event: object): void {
    this.stack.push({ value: event, name: '', depth: 0 });
    for (let n = 0; n < MAX_NODES; n++) {
      const item = this.stack.pop();
      if (item === undefined) return;
      this.visit(item.value, item.name, item.depth);
    }
  }

  private visit(value: unknown, name: string, depth: number): void {
    const kind = kindOf(value);
    // An array of objects is reached through its objects: keep the more telling kind.
    if (name !== '' && (!this.kinds.has(name) || this.kinds.get(name) === 'list')) {
      this.kinds.set(name, kind);
    }
    if (depth >= MAX_DEPTH || (kind !== 'list' && kind !== 'object')) return;
    if (Array.isArray(value)) {
      for (const element of value) this.stack.push({ value: element, name, depth: depth + 1 });
      return;
    }
    const names = this.children.get(name) ?? new Set<string>();
    this.children.set(name, names);
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      names.add(key);
      this.stack.push({
        value: child,
        name: name === '' ? key : `${name}.${key}`,
        depth: depth + 1,
      });
    }
  }
}

const article = (kind: string): string => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/**
 * Why a field of the pattern has no value in the event, with the nearest
 * thing the event does have.
 * @example explainAbsence('detail.Severity', eventPaths({ detail: { severity: 5 } }))
 * // 'the event has no detail.Severity; names are case-sensitive: it has detail.severity'
 */
export function explainAbsence(key: string, paths: EventPaths): string {
  return (
    notAnObject(key, paths) ??
    notALeaf(key, paths) ??
    misspelt(key, paths) ??
    `the event has no ${key}${whatIsThere(key, paths)}`
  );
}

/** A step of the path is a value in the event, so nothing can be under it. */
function notAnObject(key: string, paths: EventPaths): string | undefined {
  const steps = key.split('.');
  for (let i = 1; i < steps.length; i++) {
    const prefix = steps.slice(0, i).join('.');
    const kind = paths.kinds.get(prefix);
    if (kind !== undefined && kind !== 'object' && kind !== 'list') {
      const extra = kind === 'string' ? ' (EventBridge does not look inside a JSON string)' : '';
      return `the event has ${article(kind)} at ${prefix}, not an object${extra}`;
    }
  }
  return undefined;
}

function notALeaf(key: string, paths: EventPaths): string | undefined {
  const kind = paths.kinds.get(key);
  if (kind === 'object')
    return `the event has an object at ${key}, not a value: name the fields inside it`;
  if (kind === 'list') return `the event has an empty list or only nested lists at ${key}`;
  return undefined;
}

function misspelt(key: string, paths: EventPaths): string | undefined {
  const all = [...paths.kinds.keys()];
  const sameButCase = all.find((p) => p.toLowerCase() === key.toLowerCase());
  if (sameButCase)
    return `the event has no ${key}; names are case-sensitive: it has ${sameButCase}`;
  // A typo of the last name only: its siblings in the event are the candidates.
  const dot = key.lastIndexOf('.');
  const parent = dot === -1 ? '' : key.slice(0, dot);
  const near = closestWord(key.slice(dot + 1), paths.children.get(parent) ?? []);
  if (!near) return undefined;
  return `the event has no ${key}; did you mean ${parent ? `${parent}.` : ''}${near}?`;
}

/** ` (detail.resource has: a, b)`: the names under the deepest part of the path that exists. */
function whatIsThere(key: string, paths: EventPaths): string {
  const steps = key.split('.');
  for (let i = steps.length - 1; i >= 0; i--) {
    const prefix = steps.slice(0, i).join('.');
    const names = [...(paths.children.get(prefix) ?? [])];
    if (names.length === 0) continue;
    const shown = names.slice(0, MAX_CHILDREN_SHOWN).join(', ');
    const more = names.length > MAX_CHILDREN_SHOWN ? `, … (${names.length} in all)` : '';
    return ` (${prefix || 'the event'} has: ${shown}${more})`;
  }
  return '';
}
