import { z } from 'zod';
import { allActions } from '../actions/registry.js';
import { OPERATORS } from '../match/operators.js';
import { playbookSchema } from './schema.js';
import { testFileSchema } from './test-cases.js';

/**
 * JSON Schemas for editors (yaml-language-server and friends), generated
 * from the zod schemas that validate playbooks and from the matcher's table
 * of operators, so completion and validation cannot drift apart. The
 * compilers remain the judges: a schema cannot say, for instance, that a
 * numeric range is empty.
 */

type Json = Record<string, unknown>;

const DRAFT_7 = 'http://json-schema.org/draft-07/schema#';

const toJson = (schema: z.ZodType): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return rest;
};

/** A `{{ path }}` template, which renders to whatever type the event has there. */
const TEMPLATE_DEFINITION: Json = {
  type: 'string',
  pattern: '\\{\\{[^{}]*\\}\\}',
  description: 'a template: {{ detail.path }} takes its value (and type) from the event',
};
const TEMPLATE: Json = { $ref: '#/definitions/template' };

/** Any param may be a template, whose type is known once rendered: allowed beside the param's own type. */
function templatable(schema: Json): Json {
  const plainString =
    schema.type === 'string' &&
    Object.keys(schema).every((k) => k === 'type' || k === 'description');
  if (plainString) return schema;
  const { description, default: byDefault, ...rest } = schema;
  return {
    ...(description ? { description } : {}),
    ...(byDefault !== undefined ? { default: byDefault } : {}),
    anyOf: [rest, TEMPLATE],
  };
}

function actionSchema(type: string, summary: string, params: z.ZodType): Json {
  const json = toJson(params);
  const properties = Object.fromEntries(
    Object.entries((json.properties as Record<string, Json> | undefined) ?? {}).map(([k, v]) => [
      k,
      templatable(v),
    ]),
  );
  return {
    type: 'object',
    description: summary,
    properties: {
      type: { const: type, description: summary },
      'on-error': {
        enum: ['continue', 'stop'],
        default: 'continue',
        description: 'continue with the next action, or stop the playbook, when this one fails',
      },
      ...properties,
    },
    required: ['type', ...((json.required as string[] | undefined) ?? [])],
    additionalProperties: false,
  };
}

const stringOrIgnoreCase = (what: string): Json => ({
  anyOf: [
    { type: 'string' },
    {
      type: 'object',
      properties: { 'equals-ignore-case': { type: 'string' } },
      required: ['equals-ignore-case'],
      additionalProperties: false,
      description: `${what}, ignoring case`,
    },
  ],
});

const stringOrList: Json = {
  anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { type: 'string' } }],
};

/** The operand each operator takes, and what it does (EventBridge's "content filtering"). */
const OPERANDS: Readonly<Record<string, { operand: Json; description: string }>> = {
  prefix: { operand: stringOrIgnoreCase('prefix'), description: 'a string starting with this' },
  suffix: { operand: stringOrIgnoreCase('suffix'), description: 'a string ending with this' },
  'equals-ignore-case': { operand: { type: 'string' }, description: 'this string, ignoring case' },
  wildcard: {
    operand: { type: 'string' },
    description: 'a string fitting this, * for any characters',
  },
  exists: {
    operand: { type: 'boolean' },
    description: 'true: the field is present; false: absent',
  },
  cidr: {
    operand: { type: 'string' },
    description: 'an IP address in this block, e.g. 10.0.0.0/8',
  },
  numeric: {
    operand: {
      type: 'array',
      minItems: 2,
      maxItems: 4,
      items: { anyOf: [{ enum: ['=', '<', '<=', '>', '>='] }, { type: 'number' }] },
    },
    description: 'a number in this range, e.g. [">=", 7] or [">", 0, "<=", 5]',
  },
  'anything-but': {
    operand: {
      anyOf: [
        { type: 'string' },
        { type: 'number' },
        { type: 'array', minItems: 1, items: { type: ['string', 'number'] } },
        {
          type: 'object',
          minProperties: 1,
          maxProperties: 1,
          properties: {
            prefix: { type: 'string' },
            suffix: { type: 'string' },
            'equals-ignore-case': stringOrList,
            wildcard: stringOrList,
          },
          additionalProperties: false,
        },
      ],
    },
    description: 'any value but these',
  },
};

/** Every operator of the matcher's table; one without an operand schema here is a bug. */
function operatorSchemas(): Json[] {
  return [...OPERATORS.keys()].map((name) => {
    const known = OPERANDS[name];
    if (!known) throw new Error(`operator ${name} has no JSON Schema: add it to OPERANDS`);
    return {
      type: 'object',
      description: known.description,
      properties: { [name]: known.operand },
      required: [name],
      additionalProperties: false,
    };
  });
}

const patternDefinitions = (): Json => ({
  pattern: {
    type: 'object',
    description:
      'an EventBridge event pattern: field names, each with a list of values or a nested pattern',
    minProperties: 1,
    properties: {
      $or: {
        type: 'array',
        minItems: 2,
        items: { $ref: '#/definitions/pattern' },
        description: 'matches when any of these patterns does',
      },
    },
    additionalProperties: {
      anyOf: [{ $ref: '#/definitions/values' }, { $ref: '#/definitions/pattern' }],
    },
  },
  values: {
    type: 'array',
    minItems: 1,
    description: 'the field matches when any of these does: an exact value or an operator',
    items: {
      anyOf: [{ type: ['string', 'number', 'boolean', 'null'] }, ...operatorSchemas()],
    },
  },
});

/**
 * The JSON Schema of a playbook file (`playbook.schema.json`).
 * @example JSON.stringify(playbookJsonSchema(), null, 2)
 */
export function playbookJsonSchema(): Json {
  const base = toJson(playbookSchema);
  const properties = base.properties as Record<string, Json>;
  const actions = allActions().map((a) => actionSchema(a.type, a.summary, a.params));
  const definitions = {
    ...patternDefinitions(),
    template: TEMPLATE_DEFINITION,
    ...Object.fromEntries(allActions().map((a, i) => [`action-${a.type}`, actions[i]])),
  };
  return {
    $schema: DRAFT_7,
    title: 'parry playbook',
    description: 'One parry playbook: an EventBridge pattern, vetoes, and the actions to take.',
    ...base,
    properties: {
      ...properties,
      match: {
        $ref: '#/definitions/pattern',
        description: 'the EventBridge pattern an event must match',
      },
      unless: {
        ...properties.unless,
        items: { $ref: '#/definitions/pattern' },
        description: 'patterns that veto: an event matching any of them is skipped',
      },
      actions: {
        ...properties.actions,
        items: { anyOf: allActions().map((a) => ({ $ref: `#/definitions/action-${a.type}` })) },
      },
    },
    definitions,
  };
}

/**
 * The JSON Schema of a `<name>.test.yml` file (`playbook-tests.schema.json`).
 * @example playbookTestsJsonSchema().title // 'parry playbook tests'
 */
export function playbookTestsJsonSchema(): Json {
  return {
    $schema: DRAFT_7,
    title: 'parry playbook tests',
    description: 'Tests of the playbook beside this file, run by `parry test`.',
    ...toJson(testFileSchema),
  };
}
