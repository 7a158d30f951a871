import { playbookJsonSchema, playbookTestsJsonSchema } from '../playbook/json-schema.js';
import { EXIT_OK, type Io } from './io.js';

/** The committed schema files: `parry schema > playbook.schema.json`. */
export const schemaText = (tests: boolean): string =>
  `${JSON.stringify(tests ? playbookTestsJsonSchema() : playbookJsonSchema(), null, 2)}\n`;

/** `parry schema [--tests]`: the JSON Schema of a playbook (or of a `.test.yml` file), for editors. */
export function schemaCommand(options: { tests: boolean }, io: Io): number {
  io.out(schemaText(options.tests));
  return EXIT_OK;
}
