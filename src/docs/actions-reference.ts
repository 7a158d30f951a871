import { allActions } from '../actions/registry.js';
import type { ActionDefinition } from '../actions/types.js';
import { defaultOf, isRequired, shapeOf, typeName } from './zod-describe.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function paramsTable(action: ActionDefinition): string[] {
  const shape = Object.entries(shapeOf(action.params));
  if (shape.length === 0) return ['No params: the event says what to act on.', ''];
  return [
    '| param | type | default | what it does |',
    '| --- | --- | --- | --- |',
    ...shape.map(([name, schema]) => {
      const fallback = defaultOf(schema);
      const shown =
        fallback === undefined
          ? isRequired(schema)
            ? 'required'
            : '-'
          : `\`${JSON.stringify(fallback)}\``;
      return `| \`${name}\` | ${cell(typeName(schema))} | ${shown} | ${cell(schema.description ?? '')} |`;
    }),
    '',
  ];
}

function section(action: ActionDefinition): string[] {
  const targets = Object.entries(action.targets).map(
    ([source, path]) => `- ${source}: \`${path}\``,
  );
  return [
    `### \`${action.type}\``,
    '',
    action.summary,
    '',
    '**Default target**',
    '',
    ...targets,
    '',
    '**Params** (besides `type` and `on-error`)',
    '',
    ...paramsTable(action),
    `**IAM permissions**: ${action.permissions.map((p) => `\`${p}\``).join(', ')}`,
    '',
    action.notes.trim(),
    '',
  ];
}

/**
 * The README's action reference, generated from the registry so it cannot go stale.
 * @example actionsReference().startsWith('### `quarantine-instance`') // true
 */
export function actionsReference(): string {
  return allActions().flatMap(section).join('\n');
}
