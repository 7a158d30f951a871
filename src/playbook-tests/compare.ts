/** One difference between what a test expects and what happened. */
export interface Mismatch {
  /** `actions[0].calls[2].operation` */
  readonly path: string;
  readonly message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of the actual result; keys come from the test, so only own keys count. */
const own = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

const show = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : typeof value === 'string'
      ? JSON.stringify(value)
      : JSON.stringify(value);

/** Keys whose expectation is a subsequence of another field, not a field of its own. */
const SUBSEQUENCE: ReadonlyMap<string, string> = new Map([['calls-include', 'calls']]);

/**
 * Where `actual` differs from the partial `expected`: only the keys that
 * `expected` names are compared; lists are compared item by item and must be
 * as long; `calls-include` asks for these calls, in order, among others.
 * @example mismatches({ status: 'planned' }, { status: 'skipped', reason: 'x' }) // [{ path: 'status', ... }]
 */
export function mismatches(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, message: `expected a list, got ${show(actual)}` }];
    const found = expected.flatMap((item, i) => mismatches(item, actual[i], join(path, i)));
    if (actual.length !== expected.length) {
      found.push({ path, message: `expected ${expected.length} item(s), got ${actual.length}` });
    }
    return found;
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) return [{ path, message: `expected a mapping, got ${show(actual)}` }];
    return Object.entries(expected).flatMap(([key, value]) => {
      const field = SUBSEQUENCE.get(key);
      if (field)
        return missingFromSequence(value as unknown[], own(actual, field), join(path, key));
      return mismatches(value, own(actual, key), join(path, key));
    });
  }
  return Object.is(expected, actual)
    ? []
    : [{ path, message: `expected ${show(expected)}, got ${show(actual)}` }];
}

function missingFromSequence(
  expected: readonly unknown[],
  actual: unknown,
  path: string,
): Mismatch[] {
  const items = Array.isArray(actual) ? actual : [];
  let cursor = 0;
  const found: Mismatch[] = [];
  expected.forEach((want, i) => {
    const at = items.findIndex((item, j) => j >= cursor && mismatches(want, item).length === 0);
    if (at === -1) {
      found.push({
        path: join(path, i),
        message: `no call like ${show(want)} after call ${cursor + 1} of ${items.length}`,
      });
    } else {
      cursor = at + 1;
    }
  });
  return found;
}

/**
 * The actual result cut to the shape of the expectation, so that a diff
 * shows only what the test speaks of (lists keep every actual item).
 * @example project({ status: 'x' }, { status: 'skipped', reason: 'r' }) // { status: 'skipped' }
 */
export function project(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const shape = expected[expected.length - 1];
    return actual.map((item, i) => project(i < expected.length ? expected[i] : shape, item));
  }
  return isRecord(expected) && isRecord(actual) ? projectRecord(expected, actual) : actual;
}

function projectRecord(expected: Record<string, unknown>, actual: Record<string, unknown>) {
  // Keys come from the test file: a `__proto__` key must stay a plain key.
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(expected)) {
    const field = SUBSEQUENCE.get(key);
    if (field) {
      const shape = Object.assign({}, ...(value as unknown[]).filter(isRecord));
      const calls = own(actual, field);
      out[key] = Array.isArray(calls) ? calls.map((c) => project(shape, c)) : calls;
    } else if (Object.hasOwn(actual, key)) {
      out[key] = project(value, actual[key]);
    }
  }
  return out;
}
