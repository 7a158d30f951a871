import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared conformance corpus, a sibling of the project checkout. */
export const CORPUS_ROOT = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

export const corpusAvailable = existsSync(`${CORPUS_ROOT}eventbridge_patterns`);

if (!corpusAvailable) console.warn('skipped: ../shared/corpus not found');

/** Reads a corpus file (path relative to the corpus root) as text. */
export const readCorpusText = (relative: string): string =>
  readFileSync(`${CORPUS_ROOT}${relative}`, 'utf8');

/** Reads and parses a corpus JSON file; returns `fallback` when the corpus is absent. */
export const readCorpusJson = <T>(relative: string, fallback: T): T =>
  corpusAvailable ? (JSON.parse(readCorpusText(relative)) as T) : fallback;

/** The part of an AWS error message after "Reason: ". */
export const awsReason = (message: string): string =>
  message.replace(/^Event pattern is not valid\. Reason: /, '');
