/**
 * Prefixes (or, read backwards, suffixes) of many patterns in one character trie: one walk
 * along the value finds every pattern prefix it starts with, however many patterns there are.
 * `folded` tries hold ASCII patterns lower-cased and fold the value's ASCII letters while
 * walking, which is exactly equals-ignore-case for ASCII patterns (a pattern letter accepts
 * only its two ASCII forms, so a non-ASCII value character ends the walk).
 */
interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | undefined;
  items: T[] | undefined;
}

const node = <T>(): TrieNode<T> => ({ next: undefined, items: undefined });

const UPPER_A = 65;
const UPPER_Z = 90;
const ASCII_END = 128;

/** The character code as a folded trie compares it, or -1 past ASCII. */
const foldCode = (c: number): number => {
  if (c >= ASCII_END) return -1;
  return c >= UPPER_A && c <= UPPER_Z ? c + 32 : c;
};

export class AffixTrie<T> {
  private readonly root: TrieNode<T> = node();
  private count = 0;

  constructor(
    private readonly fromEnd: boolean,
    private readonly folded: boolean,
  ) {}

  get size(): number {
    return this.count;
  }

  /** `text` must be ASCII for a folded trie. */
  add(text: string, item: T): void {
    let at = this.root;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const raw = text.charCodeAt(this.fromEnd ? n - 1 - i : i);
      const c = this.folded ? foldCode(raw) : raw;
      at.next ??= new Map();
      let child = at.next.get(c);
      if (child === undefined) {
        child = node();
        at.next.set(c, child);
      }
      at = child;
    }
    if (at.items === undefined) at.items = [item];
    else at.items.push(item);
    this.count++;
  }

  /** Calls `visit` with the items of every pattern the value starts (or ends) with. */
  walk(value: string, visit: (item: T) => void): void {
    let at: TrieNode<T> | undefined = this.root;
    const n = value.length;
    for (let i = 0; at !== undefined; i++) {
      if (at.items !== undefined) for (const item of at.items) visit(item);
      if (i === n || at.next === undefined) return;
      const raw = value.charCodeAt(this.fromEnd ? n - 1 - i : i);
      const c = this.folded ? foldCode(raw) : raw;
      if (c === -1) return;
      at = at.next.get(c);
    }
  }
}

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
