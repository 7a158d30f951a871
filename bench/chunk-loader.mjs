// A module loader hook (Node >= 20.6, runs off the main thread): appends the URL
// of every module loaded from dist/lambda/ to the file named by the parent.
import { appendFileSync } from 'node:fs';

let log;

export async function initialize(data) {
  log = data?.log;
}

export async function load(url, context, nextLoad) {
  if (log && url.includes('/dist/lambda/')) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
