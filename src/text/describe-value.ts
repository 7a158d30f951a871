const MAX_QUOTED = 60;

/** A string for a message, quoted, shortened past MAX_QUOTED characters. */
export const quote = (text: string): string =>
  JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);

/**
 * What a value from YAML or JSON is, in the words of a message.
 * @example describeValue('yes') // 'the string "yes"'
 * @example describeValue([1]) // 'a list'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  null: 'null',
};

/** `a list` for zod's `array`. */
export const typeWord = (type: string): string => TYPE_WORDS[type] ?? type;
