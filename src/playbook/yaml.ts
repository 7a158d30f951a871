import {
  type Document,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import { PlaybookError } from './errors.js';

/** Bounds YAML alias expansion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** Problems that leave the rest of the document readable, so checking goes on past them. */
const RECOVERABLE = new Set(['DUPLICATE_KEY', 'MULTIPLE_DOCS']);

/** Our words for the YAML problems whose library text is advice or names the library's API. */
const REASONS: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS: 'more than one YAML document (a second one starts here after ---): one per file',
  TAB_AS_INDENT: 'a tab used for indentation: YAML indents with spaces only',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  BAD_ALIAS: 'an alias (*name) with no anchor (&name) before it',
  NON_STRING_KEY: 'a key that is not a plain string',
  MULTIPLE_ANCHORS: 'two anchors on one node',
  MULTIPLE_TAGS: 'two tags on one node',
  TAG_RESOLVE_FAILED: 'a tag (!name) that is not understood',
  RESOURCE_EXHAUSTION: `aliases expand too much (more than ${MAX_ALIAS_COUNT} references)`,
};

export interface YamlFile {
  doc: Document;
  counter: LineCounter;
  /** The document as plain data; undefined when it could not be read at all. */
  data?: unknown;
  errors: PlaybookError[];
}

function duplicateKeyName(doc: Document, offset: number): string | undefined {
  let name: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.range?.[0] === offset) {
        name = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return name;
}

function reasonOf(doc: Document, error: YAMLError): string {
  if (error.code === 'DUPLICATE_KEY') {
    const name = duplicateKeyName(doc, error.pos[0]);
    return name === undefined ? 'duplicate key' : `duplicate key "${name}"`;
  }
  const ours = REASONS[error.code];
  if (ours) return ours;
  // The library's own first sentence, which says what is wrong where.
  const first = (error.message.split('\n')[0] ?? error.code).replace(
    / at line \d+, column \d+.*$/,
    '',
  );
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/**
 * Reads one YAML file, reporting each problem at its line with our words.
 * Data is still given when the only problems are duplicate keys or a second
 * document, so the caller can report what else is wrong.
 * @example readYaml('name: a\nname: b\n', 'x.yml').errors[0]?.message // 'x.yml:2:1: YAML: duplicate key "name"'
 */
export function readYaml(text: string, file: string): YamlFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const errors = doc.errors.map((e) => {
    const { line, col } = counter.linePos(e.pos[0]);
    return new PlaybookError({ file, line, col }, `YAML: ${reasonOf(doc, e)}`, undefined, {
      cause: e,
    });
  });
  if (doc.errors.some((e) => !RECOVERABLE.has(e.code))) return { doc, counter, errors };
  try {
    return { doc, counter, errors, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const reason = REASONS.RESOURCE_EXHAUSTION ?? 'aliases expand too much';
    const excessive = /alias/i.test((error as Error).message);
    errors.push(
      new PlaybookError(
        { file, line: 1, col: 1 },
        `YAML: ${excessive ? reason : 'the document cannot be read'}`,
        undefined,
        { cause: error },
      ),
    );
    return { doc, counter, errors };
  }
}
