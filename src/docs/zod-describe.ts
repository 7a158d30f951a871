import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A short human type for a param: `boolean`, `string or list of string`, `one of a, b`. */
export function typeName(schema: z.ZodType): string {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
      return def.innerType ? typeName(def.innerType) : 'any';
    case 'array':
      return `list of ${def.element ? typeName(def.element) : 'any'}`;
    case 'union':
      return (def.options ?? []).map(typeName).join(' or ');
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'record':
      return `map of ${def.valueType ? typeName(def.valueType) : 'any'}`;
    default:
      return def.type;
  }
}

export function defaultOf(schema: z.ZodType): unknown {
  const def = defOf(schema);
  if (def.type === 'default') {
    return typeof def.defaultValue === 'function'
      ? (def.defaultValue as () => unknown)()
      : def.defaultValue;
  }
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType)
    return defaultOf(def.innerType);
  return undefined;
}

export const isRequired = (schema: z.ZodType): boolean => {
  const t = defOf(schema).type;
  return t !== 'optional' && t !== 'default';
};

export const shapeOf = (schema: z.ZodType): Record<string, z.ZodType> =>
  (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
