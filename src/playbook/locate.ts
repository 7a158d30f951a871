import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type FieldPath = readonly (string | number)[];

interface Located {
  node: Node | undefined;
  key: Node | undefined;
}

function step(node: Node | undefined, key: string | number): Located {
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key),
    );
    return { node: pair?.value as Node | undefined, key: pair?.key as Node | undefined };
  }
  if (isSeq(node) && typeof key === 'number') {
    return { node: node.items[key] as Node | undefined, key: undefined };
  }
  return { node: undefined, key: undefined };
}

/**
 * The 1-based line and column of a field in a YAML document: the deepest node
 * of the path that exists, or its key when `at` is 'key'.
 * @example locate(doc, counter, ['actions', 1, 'subject'])  // { line: 12, col: 14 }
 */
export function locate(
  doc: Document,
  counter: LineCounter,
  path: FieldPath,
  at: 'value' | 'key' = 'value',
): { line: number; col: number } {
  let current: Located = { node: doc.contents ?? undefined, key: undefined };
  for (const key of path) {
    const next = step(current.node, key);
    if (!next.node && !next.key) break;
    current = next;
  }
  const node = at === 'key' ? (current.key ?? current.node) : (current.node ?? current.key);
  const offset = node?.range?.[0] ?? 0;
  return counter.linePos(offset);
}

/** `actions[1].subject` for error messages. */
export const formatPath = (path: FieldPath): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
