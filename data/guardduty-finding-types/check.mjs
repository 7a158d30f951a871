#!/usr/bin/env node
// Compares the shipped finding-types.tsv with a newer copy: types added, removed, changed.
// Usage: node data/guardduty-finding-types/check.mjs [newer.tsv]; exit 1 when they differ.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const shipped = fileURLToPath(new URL('finding-types.tsv', import.meta.url));
const newer =
  process.argv[2] ??
  fileURLToPath(
    new URL('../../../shared/guardduty-finding-types/finding-types.tsv', import.meta.url),
  );

/** Rows by type; fails with the file and line of a row that is not type<TAB>…6 columns. */
function rows(file) {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const [header, ...body] = lines;
  const columns = header.split('\t');
  const byType = new Map();
  body.forEach((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== columns.length) {
      throw new Error(
        `${file}:${i + 2}: ${cells.length} columns, the header has ${columns.length}`,
      );
    }
    byType.set(cells[0], Object.fromEntries(columns.map((c, j) => [c, cells[j]])));
  });
  return byType;
}

let before;
let after;
try {
  before = rows(shipped);
  after = rows(newer);
} catch (error) {
  process.stderr.write(`check: ${error.message}\n`);
  process.exit(2);
}
const out = [];
for (const [type, row] of after) {
  const old = before.get(type);
  if (!old) {
    out.push(`added    ${type} (${row.resource || 'no resource'}, ${row.severity}, ${row.status})`);
    continue;
  }
  for (const field of ['resource', 'data_source', 'severity', 'status', 'source_url']) {
    if (old[field] !== row[field])
      out.push(`changed  ${type} ${field}: ${old[field]} → ${row[field]}`);
  }
}
for (const type of before.keys()) if (!after.has(type)) out.push(`removed  ${type}`);
process.stdout.write(
  out.length === 0 ? `up to date: ${before.size} types\n` : `${out.join('\n')}\n`,
);
process.exit(out.length === 0 ? 0 : 1);
