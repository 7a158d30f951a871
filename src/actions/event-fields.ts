type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;

/**
 * Reads a nested field by own keys only, or `undefined`. For default targets,
 * where absence is expected and reported by the action itself.
 * @example field(event.detail, 'resource', 'instanceDetails', 'instanceId')
 */
export function field(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const object = asObject(current);
    if (!object || !Object.hasOwn(object, key)) return undefined;
    current = object[key];
  }
  return current;
}

export const stringField = (value: unknown, ...keys: string[]): string | undefined => {
  const found = field(value, ...keys);
  return typeof found === 'string' && found !== '' ? found : undefined;
};

export const listField = (value: unknown, ...keys: string[]): unknown[] => {
  const found = field(value, ...keys);
  return Array.isArray(found) ? found : [];
};

/** CloudTrail wraps lists as `{ items: [...] }`. */
export const itemsField = (value: unknown, ...keys: string[]): unknown[] =>
  listField(value, ...keys, 'items');

/** The account of an ARN (`arn:aws:sns:us-east-1:111122223333:t` → `111122223333`), if it has one. */
export const arnAccount = (arn: string): string | undefined => {
  const account = arn.startsWith('arn:') ? arn.split(':')[4] : undefined;
  return account && /^\d{12}$/.test(account) ? account : undefined;
};

/** The region of an ARN (`arn:aws:sns:us-east-1:...` → `us-east-1`), if it has one. */
export const arnRegion = (arn: string): string | undefined =>
  (arn.startsWith('arn:') ? arn.split(':')[3] : undefined) || undefined;
