/**
 * Case-insensitive comparison the way event-ruler builds it: every character of the pattern
 * becomes the set {lower-case form, upper-case form}, and the event value must spell one of
 * those forms at each position. This is not `a.toLowerCase() === b.toLowerCase()`: forms can
 * differ in length ('ß' matches "ß" or "SS") and a character whose own form is neither (the
 * title-case 'ǅ') does not match itself. Characters are taken per code point; event-ruler
 * works per UTF-16 unit, which only differs for astral characters (see the report).
 */
export interface IgnoreCasePattern {
  readonly source: string;
  /** Per pattern character, its distinct case forms. */
  readonly forms: readonly (readonly string[])[];
  /** True when every form is the same length as its character, allowing the fast path. */
  readonly simple: boolean;
}

/**
 * @example
 * compileIgnoreCase('EventB').forms[0]; // ['e', 'E']
 */
export const compileIgnoreCase = (source: string): IgnoreCasePattern => {
  let simple = true;
  const forms = Array.from(source, (c) => {
    const variants = [...new Set([c.toLowerCase(), c.toUpperCase()])];
    if (variants.some((v) => v.length !== c.length)) simple = false;
    return variants;
  });
  return { source, forms, simple };
};

const formAt = (value: string, at: number, form: string): boolean => value.startsWith(form, at);

/** End positions reachable by spelling the pattern forward from `start`. */
const forwardEnds = (pattern: IgnoreCasePattern, value: string, start: number): Set<number> => {
  let positions = new Set([start]);
  for (const forms of pattern.forms) {
    const next = new Set<number>();
    for (const p of positions) {
      for (const form of forms) if (formAt(value, p, form)) next.add(p + form.length);
    }
    if (next.size === 0) return next;
    positions = next;
  }
  return positions;
};

const simpleEqualsAt = (pattern: IgnoreCasePattern, value: string, at: number): boolean => {
  let p = at;
  for (const forms of pattern.forms) {
    const form = forms.find((f) => formAt(value, p, f));
    if (form === undefined) return false;
    p += form.length;
  }
  return true;
};

const patternLength = (pattern: IgnoreCasePattern): number => pattern.source.length;

/**
 * @example
 * equalsIgnoreCase(compileIgnoreCase('abc'), 'ABC'); // true
 */
export const equalsIgnoreCase = (pattern: IgnoreCasePattern, value: string): boolean => {
  if (pattern.simple) {
    return value.length === patternLength(pattern) && simpleEqualsAt(pattern, value, 0);
  }
  return forwardEnds(pattern, value, 0).has(value.length);
};

/**
 * @example
 * startsWithIgnoreCase(compileIgnoreCase('EventB'), 'EvEnTbridge'); // true
 */
export const startsWithIgnoreCase = (pattern: IgnoreCasePattern, value: string): boolean => {
  if (pattern.simple) {
    return value.length >= patternLength(pattern) && simpleEqualsAt(pattern, value, 0);
  }
  return forwardEnds(pattern, value, 0).size > 0;
};

/**
 * @example
 * endsWithIgnoreCase(compileIgnoreCase('.png'), 'image.PNG'); // true
 */
export const endsWithIgnoreCase = (pattern: IgnoreCasePattern, value: string): boolean => {
  if (pattern.simple) {
    const start = value.length - patternLength(pattern);
    return start >= 0 && simpleEqualsAt(pattern, value, start);
  }
  return backwardStarts(pattern, value).size > 0;
};

/** Start positions reachable by spelling the pattern backwards from the end of the value. */
const backwardStarts = (pattern: IgnoreCasePattern, value: string): Set<number> => {
  let positions = new Set([value.length]);
  for (let i = pattern.forms.length - 1; i >= 0 && positions.size > 0; i--) {
    const next = new Set<number>();
    for (const p of positions) {
      for (const form of pattern.forms[i] ?? []) {
        if (p >= form.length && formAt(value, p - form.length, form)) next.add(p - form.length);
      }
    }
    positions = next;
  }
  return positions;
};
