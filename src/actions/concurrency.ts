/**
 * Maps items through an async function, at most `limit` at a time, results
 * in the items' order. Independent targets of one event run at once, yet a
 * long list of them (a RunInstances event can name hundreds) does not flood
 * the API's rate limits.
 * @example await mapBounded(instances, 8, (facts) => quarantineOne(facts, context))
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
