/**
 * Prefixes (or, read backwards, suffixes) of many patterns in one radix tree: one walk along
 * the value finds every pattern prefix it starts with, however many patterns there are. Runs
 * of characters no pattern branches on are one edge, compared in one native call.
 * `folded` tries hold ASCII patterns lower-cased and fold the value's ASCII letters while
 * walking, which is exactly equals-ignore-case for ASCII patterns (a pattern letter accepts
 * only its two ASCII forms, so a non-ASCII value character ends the walk).
 */
interface TrieNode<T> {
  /** The characters from the parent to here, in walking order (reversed for suffixes). */
  label: string;
  next: Map<number, TrieNode<T>> | undefined;
  items: T[] | undefined;
}

const UPPER_A = 65;
const UPPER_Z = 90;
const ASCII_END = 128;

/** The character code as a folded trie compares it, or -1 past ASCII. */
const foldCode = (c: number): number => {
  if (c >= ASCII_END) return -1;
  return c >= UPPER_A && c <= UPPER_Z ? c + 32 : c;
};

const reverse = (text: string): string => {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
};

export class AffixTrie<T> {
  private readonly added: [string, T][] = [];
  private root: TrieNode<T> | undefined;

  constructor(
    private readonly fromEnd: boolean,
    private readonly folded: boolean,
  ) {}

  get size(): number {
    return this.added.length;
  }

  /** `text` must be ASCII for a folded trie. */
  add(text: string, item: T): void {
    this.added.push([text, item]);
    this.root = undefined;
  }

  /** The tree of everything added, one character per node, then compressed. */
  private build(): TrieNode<T> {
    const root: TrieNode<T> = { label: '', next: undefined, items: undefined };
    for (const [text, item] of this.added) {
      const key = this.fromEnd ? reverse(text) : text;
      let at = root;
      for (let i = 0; i < key.length; i++) {
        const raw = key.charCodeAt(i);
        const c = this.folded ? foldCode(raw) : raw;
        at.next ??= new Map();
        let child = at.next.get(c);
        if (child === undefined) {
          child = { label: String.fromCharCode(c), next: undefined, items: undefined };
          at.next.set(c, child);
        }
        at = child;
      }
      if (at.items === undefined) at.items = [item];
      else at.items.push(item);
    }
    compress(root);
    return root;
  }

  /** Pushes the items of every pattern the value starts (or ends) with. */
  collect(value: string, out: T[]): void {
    this.root ??= this.build();
    let at: TrieNode<T> | undefined = this.root;
    const n = value.length;
    let i = 0;
    while (at !== undefined) {
      if (at.items !== undefined) for (const item of at.items) out.push(item);
      if (i === n || at.next === undefined) return;
      const c = this.codeAt(value, n, i);
      if (c === -1) return;
      at = at.next.get(c);
      if (at === undefined || !this.follows(value, n, i, at.label)) return;
      i += at.label.length;
    }
  }

  private codeAt(value: string, n: number, i: number): number {
    const raw = value.charCodeAt(this.fromEnd ? n - 1 - i : i);
    return this.folded ? foldCode(raw) : raw;
  }

  /** Whether the value continues with `label` at walking position `i`. */
  private follows(value: string, n: number, i: number, label: string): boolean {
    if (label.length === 1) return true;
    if (i + label.length > n) return false;
    if (!this.folded && !this.fromEnd) return value.startsWith(label, i);
    for (let k = 1; k < label.length; k++) {
      if (this.codeAt(value, n, i + k) !== label.charCodeAt(k)) return false;
    }
    return true;
  }
}

/** Merges each run of single-child nodes that hold no items into one edge. */
const compress = <T>(node: TrieNode<T>): void => {
  if (node.next === undefined) return;
  for (const [c, child] of node.next) {
    let merged = child;
    while (merged.items === undefined && merged.next?.size === 1) {
      const only = [...merged.next.values()][0] as TrieNode<T>;
      merged = { label: merged.label + only.label, next: only.next, items: only.items };
    }
    node.next.set(c, merged);
    compress(merged);
  }
};

/** Whether every character is ASCII (folded tries and maps take only those). */
export const isAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= ASCII_END) return false;
  return true;
};

/** ASCII letters lower-cased; null when the text has a non-ASCII character. */
export const foldAscii = (text: string): string | null => {
  let folded = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= ASCII_END) return null;
    if (c >= UPPER_A && c <= UPPER_Z) folded = true;
  }
  return folded ? text.toLowerCase() : text;
};
