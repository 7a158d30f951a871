// Checks of `PARRY_*` environment variables, small enough for the Lambda's cold start (no
// schema library). The messages are the ones these settings have always given (zod's words).

/** One check of a variable's text: its problem, or undefined. */
export type TextCheck = (value: string) => string | undefined;

/** @example oneOf(['dry-run', 'enforce'])('x') // 'Invalid option: expected one of "dry-run"|"enforce"' */
export const oneOf =
  (values: readonly string[]): TextCheck =>
  (value) =>
    values.includes(value)
      ? undefined
      : `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`;

/** @example lengthIn(2, 1224)('a') // 'Too small: expected string to have >=2 characters' */
export const lengthIn =
  (min: number, max = Number.POSITIVE_INFINITY): TextCheck =>
  (value) => {
    if (value.length < min) return `Too small: expected string to have >=${min} characters`;
    if (value.length > max) return `Too big: expected string to have <=${max} characters`;
    return undefined;
  };

/** @example matches(/^\d{12}$/, 'not a 12-digit account id')('12') // 'not a 12-digit account id' */
export const matches =
  (pattern: RegExp, message: string): TextCheck =>
  (value) =>
    pattern.test(value) ? undefined : message;

/**
 * A number written as text (read with `Number(text)`, as zod's `coerce` does), within bounds.
 * @example numberIn({ min: 0, max: 10, integer: true })('1.5') // 'Invalid input: expected int, received number'
 */
export const numberIn =
  (bounds: { min: number; max: number; integer: boolean }): TextCheck =>
  (text) => {
    const value = Number(text);
    if (!Number.isFinite(value)) return `Invalid input: expected number, received ${value}`;
    if (bounds.integer && !Number.isInteger(value))
      return 'Invalid input: expected int, received number';
    if (value < bounds.min) return `Too small: expected number to be >=${bounds.min}`;
    if (value > bounds.max) return `Too big: expected number to be <=${bounds.max}`;
    return undefined;
  };

/** The variables that are set (an empty one counts as unset, as the stack writes `''` for "none"). */
export const setVariables = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );

/** The first problem of the variables checked, in the order given, as `NAME: problem`. */
export function firstProblem(
  env: Record<string, string>,
  checks: Record<string, readonly TextCheck[]>,
): string | undefined {
  for (const [name, list] of Object.entries(checks)) {
    const value = env[name];
    if (value === undefined) continue;
    for (const check of list) {
      const problem = check(value);
      if (problem) return `${name}: ${problem}`;
    }
  }
  return undefined;
}
