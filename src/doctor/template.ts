import { parse, type Tags } from 'yaml';

const FUNCTIONS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'If',
  'Not',
  'Equals',
  'And',
  'Or',
  'Select',
  'Split',
  'Join',
  'ImportValue',
  'FindInMap',
  'Base64',
  'Cidr',
  'GetAZs',
];

/** CloudFormation's short forms (`!Sub x`) as their long forms (`{ "Fn::Sub": x }`), in any YAML shape. */
const SHORT_FORMS: Tags = FUNCTIONS.flatMap((fn) => {
  const key = fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`;
  const wrap = (value: unknown) => ({
    [key]: fn === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  return (['scalar', 'seq', 'map'] as const).map((collection) => ({
    tag: `!${fn}`,
    ...(collection === 'scalar' ? {} : { collection }),
    resolve: (value: unknown) =>
      wrap(
        typeof value === 'object' && value !== null && 'toJSON' in value
          ? (value as { toJSON(): unknown }).toJSON()
          : value,
      ),
  })) as Tags;
});

/**
 * A CloudFormation template (JSON, YAML, short forms or long) as plain data,
 * so two spellings of one template compare equal.
 * @example parseTemplate('Value: !Ref X') // { Value: { Ref: 'X' } }
 */
export function parseTemplate(text: string): unknown {
  return JSON.parse(JSON.stringify(parse(text, { customTags: SHORT_FORMS, maxAliasCount: 100 })));
}

/** Deep equality of JSON data, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
