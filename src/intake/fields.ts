import { IntakeError } from './errors.js';

/** The untrusted objects read from inputs. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An own property only: never one inherited from a prototype. */
export const own = (object: JsonObject, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/** A short name for the JSON type of a value, for messages. */
export const jsonType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
};

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';

/** Throws one error naming every key that is absent, null or empty. */
export function requirePresent(what: string, object: JsonObject, keys: readonly string[]): void {
  // The common case, everything there, allocates nothing.
  if (keys.every((key) => !absent(own(object, key)))) return;
  const missing = keys.filter((key) => absent(own(object, key)));
  if (missing.length > 0) {
    throw new IntakeError(`${what} cannot be wrapped: missing ${missing.join(', ')}`);
  }
}

/** A field that must be a non-empty string. */
export function stringField(what: string, object: JsonObject, key: string): string {
  const value = own(object, key);
  if (absent(value)) throw new IntakeError(`${what} cannot be wrapped: missing ${key}`);
  if (typeof value !== 'string') {
    throw new IntakeError(
      `${what} cannot be wrapped: ${key} must be a string, not ${jsonType(value)}`,
    );
  }
  return value;
}
