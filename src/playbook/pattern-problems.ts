import { type CompiledPattern, compilePattern, InvalidPatternError } from '../match/index.js';

type Path = (string | number)[];
type Entries = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Entries =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{a: {b: entry}}` for steps ['a', 'b']: one entry of the pattern, in its place. */
const nest = (steps: readonly string[], entry: Entries): Entries =>
  steps.reduceRight<Entries>((inner, key) => ({ [key]: inner }), entry);

const failure = (pattern: Entries): InvalidPatternError | undefined => {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidPatternError) return error;
    throw error;
  }
};

/**
 * Splits a rejected pattern into its parts and compiles each alone, so that
 * one bad operator does not hide the next: EventBridge stops at the first.
 * `steps` is where the object sits in the pattern compiled (the object keys
 * above it), `at` where it sits in the pattern as written (with `$or` and
 * branch indexes), so paths point at the source.
 */
class Splitter {
  readonly found: InvalidPatternError[] = [];

  object(object: Entries, steps: readonly string[], at: Path): void {
    for (const [key, value] of Object.entries(object)) {
      const error = failure(nest(steps, { [key]: value }));
      if (error) this.entry(key, value, error, steps, at);
    }
  }

  private entry(
    key: string,
    value: unknown,
    error: InvalidPatternError,
    steps: readonly string[],
    at: Path,
  ): void {
    const before = this.found.length;
    if (key === '$or' && Array.isArray(value) && value.every(isPlainObject)) {
      value.forEach((branch, i) => {
        this.object(branch, steps, [...at, '$or', i]);
      });
    } else if (isPlainObject(value)) {
      this.object(value, [...steps, key], [...at, key]);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const alone = failure(nest(steps, { [key]: [item] }));
        if (alone) this.add(alone, steps, at, (rest) => [key, i, ...rest.slice(2)]);
      });
    }
    // Nothing smaller is wrong: the problem is the entry as a whole.
    if (this.found.length === before) this.add(error, steps, at, (rest) => rest);
  }

  private add(
    error: InvalidPatternError,
    steps: readonly string[],
    at: Path,
    map: (rest: Path) => Path,
  ): void {
    const rest = error.path.slice(steps.length);
    this.found.push(new InvalidPatternError(error.reason, [...at, ...map(rest)], { cause: error }));
  }
}

/**
 * Compiles a pattern, or finds every problem in it: each field, operator and
 * `$or` branch is checked alone, and the whole pattern's own problem (too
 * long, too complex) is reported when no part of it is wrong.
 * @example patternProblems({ a: [{ prefx: 'x' }], b: [{ cidr: '1.2.3.4/99' }] }).problems.length // 2
 */
export function patternProblems(pattern: unknown): {
  compiled?: CompiledPattern;
  problems: InvalidPatternError[];
} {
  if (!isPlainObject(pattern)) {
    return { problems: [new InvalidPatternError('Filter is not an object', [])] };
  }
  const whole = failure(pattern);
  if (!whole) return { compiled: compilePattern(pattern), problems: [] };
  const splitter = new Splitter();
  splitter.object(pattern, [], []);
  return { problems: splitter.found.length > 0 ? splitter.found : [whole] };
}
