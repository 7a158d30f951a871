/**
 * A small deterministic generator (xorshift32): the same numbers on every run, so a failure
 * can be replayed. Numbers in [0, 1).
 */
export function seeded(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
