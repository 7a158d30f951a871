import { types } from 'node:util';
import { IndexSorter } from './ascending.js';
import type { CompiledStructure, IndexedField } from './compile.js';
import { type Choices, choose, consistent, FieldIndex } from './evaluate.js';
import { EventValue } from './event-value.js';
import { FieldReader, type ReadPlan, readPlan } from './field-reader.js';
import {
  type Flattened,
  type FlattenPlan,
  flattenPlan,
  flattenWithFacts,
  type Occurrence,
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
  /** The key's number, for the field reader. */
  readonly keyId: number;
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

// `source` and `detail-type` tell most playbooks apart, so an event of another service
// leaves at the first step.
const TOP_FIRST = ['source', 'detail-type'];

/**
 * How early a field is walked: the fewer distinct value lists the set has for its key, the
 * earlier. Sub-rules then share their states as long as possible (a thousand GuardDuty
 * playbooks with six severity bands walk six states, not a thousand, before their type lists
 * tell them apart), and the key with the most distinct lists comes last, where each value
 * found leads straight to the sub-rules it ends.
 */
type Rank = (field: IndexedField) => number;

const rankOf = (structures: readonly CompiledStructure[]): Rank => {
  const lists = new Map<string, Set<string>>();
  const tally = (f: IndexedField): void => {
    const texts = lists.get(f.key) ?? new Set();
    texts.add(f.text);
    lists.set(f.key, texts);
  };
  for (const s of structures) for (const rule of s.subRules) rule.fields.forEach(tally);
  const ranks = new Map<string, number>();
  for (const [key, texts] of lists) {
    const first = TOP_FIRST.indexOf(key);
    ranks.set(key, first !== -1 ? first - TOP_FIRST.length : texts.size);
  }
  return (field) => ranks.get(field.key) ?? 0;
};

/**
 * The order a sub-rule's fields are walked in. Matching does not depend on it except through
 * `{"exists": false}` inside arrays: event-ruler judges absence against the values chosen
 * for the fields sorted before it. So fields that allow absence stay where key order puts
 * them, and only the fields between two of them are reordered. Top-level fields go first:
 * their values never sit in an array of objects (an event where one does is handed to the
 * per-pattern evaluator), so choosing them constrains nothing.
 */
const walkOrder = (fields: readonly IndexedField[], rank: Rank): IndexedField[] => {
  const byRank = (a: IndexedField, b: IndexedField): number =>
    rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const ordered = fields.filter((f) => !f.key.includes('.')).sort(byRank);
  let segment: IndexedField[] = [];
  const flush = (): void => {
    ordered.push(...segment.sort(byRank));
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

class Builder {
  private nextId = 0;
  readonly root = this.state();
  /** Every key, numbered in order of first use. */
  readonly keyIds = new Map<string, number>();

  state(): State {
    return new State(this.nextId++);
  }

  keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keyIds.size;
      this.keyIds.set(key, id);
    }
    return id;
  }

  addSubRule(fields: readonly IndexedField[], pattern: number): void {
    let at = this.root;
    for (const field of fields) at = this.step(at, field);
    if (!at.ends.includes(pattern)) at.ends.push(pattern);
  }

  private step(from: State, field: IndexedField): State {
    let edge = from.edgeByKey.get(field.key);
    if (edge === undefined) {
      edge = {
        key: field.key,
        keyId: this.keyId(field.key),
        index: new ValueIndex(),
        absent: [],
        byText: new Map(),
      };
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

let epoch = 0;

const enumerable = Object.prototype.propertyIsEnumerable;

/** At most this many `source` values are remembered (an archive names a few hundred). */
const MAX_SOURCES = 4096;

/**
 * The root's one edge when every sub-rule of every pattern begins with `source` (the walk
 * order puts it first) and nothing is tested one by one: then an event whose `source` leads
 * nowhere matches nothing, whatever else it holds.
 */
const sourceEdgeOf = (root: State, opaque: readonly number[]): Edge | undefined => {
  const [edge, ...others] = root.edges;
  return edge?.key === 'source' &&
    others.length === 0 &&
    root.ends.length === 0 &&
    opaque.length === 0
    ? edge
    : undefined;
};

class Machine implements PatternMachine {
  private readonly plan: FlattenPlan;
  private readonly reading: ReadPlan;
  /** The walk (epoch) that last matched each pattern. */
  private readonly matchedAt: Uint32Array;
  private readonly sorter: IndexSorter;
  private readonly sourceEdge: Edge | undefined;
  /** By `source` value: whether the root's edge leads anywhere with it. */
  private readonly sources = new Map<string, boolean>();

  constructor(
    private readonly patterns: readonly CompiledPattern[],
    private readonly root: State,
    /** Patterns not compiled here (another CompiledPattern implementation): tested one by one. */
    private readonly opaque: readonly number[],
    /** The keys of each pattern with several sub-rules (see `walk`). */
    private readonly spread: readonly (readonly number[] | undefined)[],
    keyIds: ReadonlyMap<string, number>,
  ) {
    this.plan = flattenPlan(root.keys);
    this.reading = readPlan(this.plan, keyIds);
    this.matchedAt = new Uint32Array(patterns.length);
    this.sorter = new IndexSorter(patterns.length);
    this.sourceEdge = sourceEdgeOf(root, opaque);
  }

  get size(): number {
    return this.patterns.length;
  }

  matching(event: unknown): number[] {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return [];
    if (!this.mayMatchBySource(event)) return [];
    let found: number[] | null;
    try {
      found = this.walk(event);
    } catch {
      found = null;
    }
    if (found === null) return this.onePatternAtATime(event);
    for (const i of this.opaque) if (this.patterns[i]?.matches(event)) found.push(i);
    return this.sorter.ascending(found);
  }

  /**
   * False when the event's `source` alone rules every pattern out: the walk would read it
   * first, find no state to go on to, and end. Most events of a bulk read end here, at the
   * cost of one map lookup. Whether a string leads anywhere depends on the string only, so
   * the answer is kept by value.
   */
  private mayMatchBySource(event: object): boolean {
    const edge = this.sourceEdge;
    if (edge === undefined || types.isProxy(event)) return true;
    const source = (event as Record<string, unknown>).source;
    // Absent, not a string, or inherited: the walk decides (a value in an array, `exists`).
    if (typeof source !== 'string' || !enumerable.call(event, 'source')) return true;
    let may = this.sources.get(source);
    if (may === undefined) {
      const targets: State[] = [];
      edge.index.collect(new EventValue(source), targets);
      may = targets.length > 0;
      if (this.sources.size < MAX_SOURCES) this.sources.set(source, may);
    }
    return may;
  }

  /** The exact answer for the rare events the machine hands back (see `walk`). */
  private onePatternAtATime(event: object): number[] {
    const found: number[] = [];
    this.patterns.forEach((p, i) => {
      if (p.matches(event)) found.push(i);
    });
    return found;
  }

  /** Reads every field of the found patterns with several sub-rules (see `walk`). */
  private readSpread(found: readonly number[], reader: FieldReader): void {
    if (this.spread.length === 0) return;
    for (const p of found) for (const key of this.spread[p] ?? NONE) reader.read(key);
  }

  /**
   * The matching patterns, or null for an event left to the per-pattern evaluator. The first
   * read collects the values of every key in one pass over the event (FieldReader); events
   * whose `source` no pattern names never get here (`mayMatchBySource`). When a field read
   * sits in an array of objects, the event is flattened
   * once and walked with array consistency. An event nested deeper than AWS accepts, or with
   * a top-level value inside nested arrays, goes to the per-pattern evaluator (each pattern
   * fails or not by what it visits; a pattern with several sub-rules may match by one of
   * them, so its other fields are read too).
   */
  private walk(event: object): number[] | null {
    const reader = new FieldReader(event, this.reading);
    const found: number[] = [];
    visitPlain(this.root, reader, ++epoch, this.matchedAt, found);
    if (!reader.inArrays && !reader.tooDeep) {
      this.readSpread(found, reader);
      return reader.tooDeep ? null : found;
    }
    if (reader.tooDeep) return null;
    const flat = flattenWithFacts(event, this.plan);
    if (flat === null || flat.topLevelInArrays) return null;
    const inArrays: number[] = [];
    new ArrayWalk(flat, this.patterns.length).visit(this.root, inArrays);
    return inArrays;
  }
}

/** Records the patterns ending at `state`, once each per walk (`stamp`). */
const mark = (state: State, matchedAt: Uint32Array, stamp: number, found: number[]): void => {
  for (const p of state.ends) {
    if (matchedAt[p] !== stamp) {
      matchedAt[p] = stamp;
      found.push(p);
    }
  }
};

/** Without arrays of objects every value is compatible with every other: visit each state once. */
const visitPlain = (
  state: State,
  reader: FieldReader,
  stamp: number,
  matchedAt: Uint32Array,
  found: number[],
): void => {
  state.stamp = stamp;
  mark(state, matchedAt, stamp, found);
  for (const edge of state.edges) {
    const present = reader.read(edge.keyId);
    let next: readonly State[] = edge.absent;
    if (present.length > 0) {
      const targets: State[] = [];
      for (const value of present) edge.index.collect(value, targets);
      next = targets;
    }
    for (const s of next) if (s.stamp !== stamp) visitPlain(s, reader, stamp, matchedAt, found);
    // The walk is redone with array consistency: no need to go on.
    if (reader.inArrays || reader.tooDeep) return;
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
  private readonly matchedAt: Uint32Array;
  private readonly hits = new Map<Edge, Map<Occurrence, State[]>>();
  private readonly present = new Map<string, FieldIndex>();
  /** For each array, the keys with values inside it. */
  private readonly arrayKeys = new Map<number, Set<string>>();

  constructor(
    private readonly flat: Flattened,
    patterns: number,
  ) {
    this.matchedAt = new Uint32Array(patterns);
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
    if (state.patterns.every((p) => this.matchedAt[p] === 1)) return;
    const key = this.stateKey(state);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    mark(state, this.matchedAt, 1, found);
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
  const spread: number[][] = [];
  const structures = patterns.map((p) => structureOf(p));
  const rank = rankOf(structures.filter((s): s is CompiledStructure => s !== undefined));
  structures.forEach((structure, i) => {
    if (structure === undefined) {
      opaque.push(i);
      return;
    }
    for (const rule of structure.subRules) builder.addSubRule(walkOrder(rule.fields, rank), i);
    if (structure.subRules.length > 1) spread[i] = [...structure.keys].map((k) => builder.keyId(k));
  });
  summarize(builder.root);
  return new Machine(patterns, builder.root, opaque, spread, builder.keyIds);
};
