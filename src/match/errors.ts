/** A location inside a pattern: object keys and array indexes, outermost first. */
export type JsonPath = (string | number)[];

/**
 * Thrown when a pattern would be rejected by EventBridge.
 *
 * `reason` mirrors the text AWS puts after "Event pattern is not valid. Reason: " so that
 * messages read the same locally and in the console; `path` points into the pattern so a
 * loader can map it back to a source line.
 *
 * @example
 * try { compilePattern({ a: 1 }); } catch (e) {
 *   if (e instanceof InvalidPatternError) console.log(e.reason, e.path); // '"a" must be an object or an array' ['a']
 * }
 */
export class InvalidPatternError extends Error {
  readonly reason: string;
  readonly path: JsonPath;

  constructor(reason: string, path: JsonPath, options?: ErrorOptions) {
    super(`Event pattern is not valid. Reason: ${reason}`, options);
    this.name = 'InvalidPatternError';
    this.reason = reason;
    this.path = [...path];
  }
}

/**
 * Throws InvalidPatternError; a function declaration so that TypeScript narrows after calls.
 *
 * @example
 * if (node.type !== 'array') fail('Value of numeric must be an array.', path);
 */
export function fail(reason: string, path: JsonPath): never {
  throw new InvalidPatternError(reason, path);
}
