import type { CompiledField, CompiledStructure } from './compile.js';
import { type Choices, choose, consistent, FieldIndex } from './evaluate.js';
import { EventValue } from './event-value.js';
import {
  type Flattened,
  type FlattenPlan,
  flattenPlan,
  flattenWithFacts,
  type Occurrence,
  type Occurrences,
} from './flatten.js';
import { type CompiledPattern, structureOf } from './pattern.js';
import { ValueIndex } from './value-index.js';

/**
 * Every pattern of a set (each playbook's `match` and `unless`) compiled into one state
 * machine, after event-ruler's and quamina's design: a sub-rule is a path of (field, value
 * list) steps, paths that begin alike share their states, and the steps leaving a state on
 * one field share one value index. An event is flattened once, then walked from the start
 * state: the work grows with the paths the event actually follows, not with the number of
 * patterns.
 */
export interface PatternMachine {
  /** How many patterns were compiled (their indexes are 0 … size - 1). */
  readonly size: number;
  /** The indexes of the patterns that match `event`, ascending. Never throws. */
  matching(event: unknown): number[];
}

/** One field leaving a state: its shared value index and where each value list leads. */
interface Edge {
  readonly key: string;
  readonly index: ValueIndex<State>;
  /** Targets whose value list has `{"exists": false}`. */
  readonly absent: State[];
  /** Target by the value list's canonical text, while building. */
  readonly byText: Map<string, State>;
}

class State {
  readonly edges: Edge[] = [];
  readonly edgeByKey = new Map<string, Edge>();
  /** Patterns with a sub-rule that ends here. */
  readonly ends: number[] = [];
  /** Every field key on a path from here: what the flattener must collect. */
  keys = new Set<string>();
  /** Every pattern with a sub-rule through here, ascending. */
  patterns: number[] = [];
  /** Last walk (epoch) that visited this state without array choices. */
  stamp = 0;

  constructor(readonly id: number) {}
}

const NONE: readonly never[] = [];

// A top-level field is compared before any other: `source` and `detail-type` tell most
// playbooks apart, so an event of another service leaves at the first step.
const TOP_FIRST = ['source', 'detail-type'];

const topRank = (key: string): number => {
  const i = TOP_FIRST.indexOf(key);
  return i === -1 ? TOP_FIRST.length : i;
};

const byTopRank = (a: CompiledField, b: CompiledField): number =>
  topRank(a.key) - topRank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Value lists made only of exact values and affixes narrow a field down the most. */
const NARROW = new Set(['string', 'address', 'number', 'literal', 'scalar', 'prefix', 'suffix']);
const isNarrow = (field: CompiledField): boolean =>
  !field.allowAbsent && field.values.every((v) => NARROW.has(v.shape.kind));

/**
 * The order a sub-rule's fields are walked in. Matching does not depend on it except through
 * `{"exists": false}` inside arrays: event-ruler judges absence against the values chosen
 * for the fields sorted before it. So fields that allow absence stay where key order puts
 * them, and only the fields between two of them are reordered (narrow fields first). Top-level
 * fields go first: their values never sit in an array of objects (an event where one does is
 * handed to the per-pattern evaluator), so choosing them constrains nothing.
 */
const walkOrder = (
  fields: readonly CompiledField[],
  broad: ReadonlySet<string>,
): CompiledField[] => {
  const top = fields.filter((f) => !f.key.includes('.')).sort(byTopRank);
  const ordered: CompiledField[] = [...top];
  let segment: CompiledField[] = [];
  const flush = (): void => {
    const rank = (f: CompiledField): number => (broad.has(f.key) ? 1 : 0);
    segment.sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    ordered.push(...segment);
    segment = [];
  };
  for (const field of fields) {
    if (!field.key.includes('.')) continue;
    if (field.allowAbsent) {
      flush();
      ordered.push(field);
    } else segment.push(field);
  }
  flush();
  return ordered;
};

/** Keys whose value lists are mostly ranges, anything-but, exists or wildcards. */
const broadKeys = (structures: readonly CompiledStructure[]): Set<string> => {
  const tally = new Map<string, number>();
  for (const s of structures) {
    for (const rule of s.subRules) {
      for (const f of rule.fields)
        tally.set(f.key, (tally.get(f.key) ?? 0) + (isNarrow(f) ? -1 : 1));
    }
  }
  return new Set([...tally].filter(([, score]) => score > 0).map(([key]) => key));
};

class Builder {
  private nextId = 0;
  readonly root = this.state();

  state(): State {
    return new State(this.nextId++);
  }

  addSubRule(fields: readonly CompiledField[], pattern: number): void {
    let at = this.root;
    for (const field of fields) at = this.step(at, field);
    if (!at.ends.includes(pattern)) at.ends.push(pattern);
  }

  private step(from: State, field: CompiledField): State {
    let edge = from.edgeByKey.get(field.key);
    if (edge === undefined) {
      edge = { key: field.key, index: new ValueIndex(), absent: [], byText: new Map() };
      from.edgeByKey.set(field.key, edge);
      from.edges.push(edge);
    }
    const existing = edge.byText.get(field.text);
    if (existing !== undefined) return existing;
    const target = this.state();
    edge.byText.set(field.text, target);
    for (const value of field.values) edge.index.add(value, target);
    if (field.allowAbsent) edge.absent.push(target);
    return target;
  }
}

/** Fills in each state's subtree keys and patterns, children first. */
const summarize = (state: State): void => {
  const keys = new Set<string>();
  const patterns = new Set<number>(state.ends);
  for (const edge of state.edges) {
    keys.add(edge.key);
    for (const child of edge.byText.values()) {
      summarize(child);
      for (const k of child.keys) keys.add(k);
      for (const p of child.patterns) patterns.add(p);
    }
  }
  state.keys = keys;
  state.patterns = [...patterns].sort((a, b) => a - b);
};

const isLeaf = (v: unknown): v is string | number | boolean | null =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** What the flattener would give a top-level key, read straight off the event. */
type TopValues = { kind: 'values'; values: readonly unknown[] } | { kind: 'nested' };

const topValuesOf = (event: Record<string, unknown>, key: string): TopValues => {
  if (!Object.prototype.propertyIsEnumerable.call(event, key))
    return { kind: 'values', values: NONE };
  const raw = event[key];
  if (isLeaf(raw)) return { kind: 'values', values: [raw] };
  if (!Array.isArray(raw)) return { kind: 'values', values: NONE };
  const values: unknown[] = [];
  for (const item of raw) {
    if (isLeaf(item)) values.push(item);
    else if (Array.isArray(item)) return { kind: 'nested' };
  }
  return { kind: 'values', values };
};

let epoch = 0;

class Machine implements PatternMachine {
  private readonly topEdges: Edge[];
  private readonly deepEdges: Edge[];
  private readonly plans = new Map<string, FlattenPlan>();

  constructor(
    private readonly patterns: readonly CompiledPattern[],
    private readonly root: State,
    /** Patterns not compiled here (another CompiledPattern implementation): tested one by one. */
    private readonly opaque: readonly number[],
  ) {
    this.topEdges = root.edges.filter((e) => !e.key.includes('.'));
    this.deepEdges = root.edges.filter((e) => e.key.includes('.'));
  }

  get size(): number {
    return this.patterns.length;
  }

  matching(event: unknown): number[] {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return [];
    let found: number[] | null;
    try {
      found = this.walk(event as Record<string, unknown>);
    } catch {
      found = null;
    }
    if (found === null) return this.onePatternAtATime(event);
    for (const i of this.opaque) if (this.patterns[i]?.matches(event)) found.push(i);
    return found.sort((a, b) => a - b);
  }

  /** The exact answer for the rare events the machine hands back (see `walk`). */
  private onePatternAtATime(event: object): number[] {
    const found: number[] = [];
    this.patterns.forEach((p, i) => {
      if (p.matches(event)) found.push(i);
    });
    return found;
  }

  /**
   * The matching patterns, or null for an event the machine leaves to the per-pattern
   * evaluator: one nested deeper than AWS accepts (each pattern then fails or not by what it
   * visits), or one with a top-level value inside nested arrays.
   */
  private walk(event: Record<string, unknown>): number[] | null {
    const starts = this.startStates(event);
    if (starts === null) return null;
    if (starts.length === 0 && this.deepEdges.length === 0) return [];
    const flat = flattenWithFacts(event, this.planFor(starts));
    if (flat === null || flat.topLevelInArrays) return null;
    const walk = flat.inArrays ? new ArrayWalk(flat, this.patterns.length) : null;
    const found: number[] = [];
    const matched = new Uint8Array(this.patterns.length);
    const stamp = ++epoch;
    const visit = walk
      ? (s: State) => walk.visit(s, found)
      : (s: State) => visitPlain(s, flat.occurrences, stamp, matched, found);
    for (const s of starts) visit(s);
    if (this.deepEdges.length > 0) {
      this.root.stamp = stamp;
      if (walk) walk.leave(this.deepEdges, found);
      else leavePlain(this.deepEdges, flat.occurrences, stamp, matched, found);
    }
    return found;
  }

  /** The states reached by the start state's top-level fields, read without flattening. */
  private startStates(event: Record<string, unknown>): State[] | null {
    const starts: State[] = [];
    const add = (s: State): void => {
      if (!starts.includes(s)) starts.push(s);
    };
    for (const edge of this.topEdges) {
      const top = topValuesOf(event, edge.key);
      if (top.kind === 'nested') return null;
      if (top.values.length === 0) edge.absent.forEach(add);
      for (const raw of top.values) edge.index.lookup(new EventValue(raw as never), add);
    }
    return starts;
  }

  private planFor(starts: readonly State[]): FlattenPlan {
    const id = starts.map((s) => s.id).join(',');
    let plan = this.plans.get(id);
    if (plan === undefined) {
      const keys = new Set<string>();
      const from = [...starts, ...this.deepEdges.flatMap((e) => [...e.byText.values()])];
      for (const e of this.deepEdges) keys.add(e.key);
      for (const s of from) for (const k of s.keys) keys.add(k);
      plan = flattenPlan(keys);
      // Bounded: one plan per distinct set of start states, which the patterns fix.
      if (this.plans.size < 4096) this.plans.set(id, plan);
    }
    return plan;
  }
}

const mark = (state: State, matched: Uint8Array, found: number[]): void => {
  for (const p of state.ends) {
    if (matched[p] === 0) {
      matched[p] = 1;
      found.push(p);
    }
  }
};

/** Without arrays of objects every value is compatible with every other: visit each state once. */
const visitPlain = (
  state: State,
  occurrences: Occurrences,
  stamp: number,
  matched: Uint8Array,
  found: number[],
): void => {
  if (state.stamp === stamp) return;
  state.stamp = stamp;
  mark(state, matched, found);
  leavePlain(state.edges, occurrences, stamp, matched, found);
};

const leavePlain = (
  edges: readonly Edge[],
  occurrences: Occurrences,
  stamp: number,
  matched: Uint8Array,
  found: number[],
): void => {
  const next = (s: State): void => visitPlain(s, occurrences, stamp, matched, found);
  for (const edge of edges) {
    const present = occurrences.get(edge.key);
    if (present === undefined) {
      for (const s of edge.absent) next(s);
      continue;
    }
    for (const o of present) edge.index.lookup(o.value, next);
  }
};

/**
 * The walk when values sit in arrays of objects: event-ruler's array consistency, as the
 * per-pattern evaluator (evaluate.ts) does it for one sub-rule, here for all at once. Each
 * value chosen must sit in the same element of every array it shares with the values chosen
 * before it; `exists: false` holds when no value of the field is compatible with the choices
 * so far. A state already walked with the same choices (on the arrays its paths can still
 * touch) is not walked again, and a state whose patterns have all matched is skipped.
 */
class ArrayWalk {
  private readonly choices: Choices = new Map();
  private readonly seen = new Set<string>();
  private readonly matched: Uint8Array;
  private readonly hits = new Map<Edge, Map<Occurrence, State[]>>();
  private readonly present = new Map<string, FieldIndex>();
  /** For each array, the keys with values inside it. */
  private readonly arrayKeys = new Map<number, Set<string>>();

  constructor(
    private readonly flat: Flattened,
    patterns: number,
  ) {
    this.matched = new Uint8Array(patterns);
    for (const [key, list] of flat.occurrences) {
      for (const o of list) {
        for (let m = o.membership; m !== null; m = m.parent) {
          const keys = this.arrayKeys.get(m.arrayId);
          if (keys === undefined) this.arrayKeys.set(m.arrayId, new Set([key]));
          else keys.add(key);
        }
      }
    }
  }

  visit(state: State, found: number[]): void {
    if (state.patterns.every((p) => this.matched[p] === 1)) return;
    const key = this.stateKey(state);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    mark(state, this.matched, found);
    this.leave(state.edges, found);
  }

  leave(edges: readonly Edge[], found: number[]): void {
    for (const edge of edges) {
      const index = this.indexOf(edge.key);
      if (index !== undefined) this.follow(edge, index, found);
      if (edge.absent.length > 0 && !this.anyPresent(index)) {
        for (const t of edge.absent) this.visit(t, found);
      }
    }
  }

  /** Each value of the edge's field compatible with the choices, chosen in turn. */
  private follow(edge: Edge, index: FieldIndex, found: number[]): void {
    for (const o of index.candidates(this.choices)) {
      if (!consistent(o.membership, this.choices)) continue;
      const targets = this.targetsOf(edge, o);
      if (targets.length === 0) continue;
      const added = choose(o.membership, this.choices);
      for (const t of targets) this.visit(t, found);
      for (const id of added) this.choices.delete(id);
    }
  }

  private anyPresent(index: FieldIndex | undefined): boolean {
    if (index === undefined) return false;
    return index.candidates(this.choices).some((o) => consistent(o.membership, this.choices));
  }

  private indexOf(key: string): FieldIndex | undefined {
    let index = this.present.get(key);
    if (index === undefined) {
      const list = this.flat.occurrences.get(key);
      if (list === undefined) return undefined;
      index = new FieldIndex(list);
      this.present.set(key, index);
    }
    return index;
  }

  private targetsOf(edge: Edge, occurrence: Occurrence): State[] {
    let byOccurrence = this.hits.get(edge);
    if (byOccurrence === undefined) {
      byOccurrence = new Map();
      this.hits.set(edge, byOccurrence);
    }
    let targets = byOccurrence.get(occurrence);
    if (targets === undefined) {
      const list: State[] = [];
      edge.index.lookup(occurrence.value, (s) => {
        if (!list.includes(s)) list.push(s);
      });
      targets = list;
      byOccurrence.set(occurrence, targets);
    }
    return targets;
  }

  /** The state and the choices on the arrays that its paths can still touch. */
  private stateKey(state: State): string {
    if (this.choices.size === 0) return String(state.id);
    const parts: string[] = [];
    for (const [arrayId, element] of this.choices) {
      const keys = this.arrayKeys.get(arrayId);
      if (keys === undefined) continue;
      for (const k of keys) {
        if (state.keys.has(k)) {
          parts.push(`${arrayId}:${element}`);
          break;
        }
      }
    }
    return `${state.id}|${parts.sort().join(',')}`;
  }
}

/**
 * Compiles patterns into one machine. Patterns compiled by compilePattern or
 * compilePatternText join the machine; any other CompiledPattern is asked one by one.
 *
 * @example
 * const machine = compileMachine([compilePattern({ source: ['aws.guardduty'] }), compilePattern({ source: ['aws.ec2'] })]);
 * machine.matching({ source: 'aws.ec2' }); // [1]
 */
export const compileMachine = (patterns: readonly CompiledPattern[]): PatternMachine => {
  const builder = new Builder();
  const opaque: number[] = [];
  const structures = patterns.map((p) => structureOf(p));
  const broad = broadKeys(structures.filter((s): s is CompiledStructure => s !== undefined));
  structures.forEach((structure, i) => {
    if (structure === undefined) {
      opaque.push(i);
      return;
    }
    for (const rule of structure.subRules) builder.addSubRule(walkOrder(rule.fields, broad), i);
  });
  summarize(builder.root);
  return new Machine(patterns, builder.root, opaque);
};
