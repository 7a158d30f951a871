import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isTestFile, loadPlaybooks, type Playbook, PlaybookError } from '../playbook/index.js';
import { toProblems } from '../playbook/issues.js';
import { FileContext } from '../playbook/load-file.js';
import { type Expectation, testFileSchema } from '../playbook/test-cases.js';
import { readYaml } from '../playbook/yaml.js';

/** One test case, wherever it was written. */
export interface TestCase {
  readonly name: string;
  readonly event: string | Record<string, unknown>;
  readonly env: Readonly<Record<string, string>>;
  readonly expect: Expectation;
  /** The file it is written in (event paths are relative to it) and its line. */
  readonly file: string;
  readonly line: number;
}

export interface TestSuite {
  readonly playbook: Playbook;
  readonly cases: readonly TestCase[];
}

export interface Collected {
  readonly suites: TestSuite[];
  /** Playbooks that have no test at all. */
  readonly untested: Playbook[];
  readonly errors: PlaybookError[];
}

const MAX_TEST_FILE_BYTES = 1024 * 1024;

/** The playbook file a test file sits beside: `x.yml` for `x.test.yml`. */
const playbookFilesFor = (testFile: string): string[] => {
  const stem = testFile.replace(/\.test\.ya?ml$/i, '');
  return [`${stem}.yml`, `${stem}.yaml`];
};

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Test files named, or found in the folders named (recursively, hidden ones skipped). */
async function findTestFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      if (isTestFile(basename(path))) found.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true });
    for (const entry of entries.sort()) {
      if (isTestFile(basename(entry)) && !entry.split(/[\\/]/).some((p) => p.startsWith('.'))) {
        found.push(join(path, entry));
      }
    }
  }
  return found;
}

interface ParsedTestFile {
  playbook?: string;
  cases: TestCase[];
}

async function parseTestFile(
  file: string,
  errors: PlaybookError[],
): Promise<ParsedTestFile | undefined> {
  const text = await readFile(file, 'utf8');
  if (Buffer.byteLength(text) > MAX_TEST_FILE_BYTES) {
    errors.push(
      new PlaybookError({ file, line: 1, col: 1 }, `file larger than ${MAX_TEST_FILE_BYTES} bytes`),
    );
    return undefined;
  }
  const yaml = readYaml(text, file);
  errors.push(...yaml.errors);
  if (yaml.errors.length > 0) return undefined;
  const ctx = new FileContext(file, yaml.doc, yaml.counter);
  const parsed = testFileSchema.safeParse(yaml.data);
  if (!parsed.success) {
    for (const p of toProblems(parsed.error, yaml.data, testFileSchema))
      ctx.report(p.path, p.message, p.at);
    errors.push(...ctx.errors);
    return undefined;
  }
  const { playbook, env, tests } = parsed.data;
  const cases = tests.map((t, i) => ({
    name: t.name,
    event: t.event,
    env: { ...env, ...t.env },
    expect: t.expect,
    file,
    line: ctx.line(['tests', i]),
  }));
  return { playbook, cases };
}

/** The playbook files to load: the paths named, and the one beside each test file named alone. */
async function playbookPathsFor(
  paths: readonly string[],
  testFiles: readonly string[],
): Promise<string[]> {
  const found = paths.filter((p) => !isTestFile(basename(p)));
  for (const file of testFiles.filter((f) => paths.includes(f))) {
    for (const candidate of playbookFilesFor(file))
      if (await exists(candidate)) found.push(candidate);
  }
  return found;
}

/** Adds a test file's cases to its playbook's, or says why it has none. */
async function addTestFile(
  file: string,
  playbooks: readonly Playbook[],
  cases: Map<Playbook, TestCase[]>,
  errors: PlaybookError[],
): Promise<void> {
  const parsed = await parseTestFile(file, errors);
  if (!parsed) return;
  const beside = playbookFilesFor(file);
  const playbook = playbooks.find((p) =>
    parsed.playbook ? p.name === parsed.playbook : beside.includes(p.file),
  );
  if (playbook) {
    cases.get(playbook)?.push(...parsed.cases);
    return;
  }
  const which = parsed.playbook
    ? `playbook "${parsed.playbook}"`
    : `no ${basename(beside[0] ?? '')} beside it`;
  errors.push(
    new PlaybookError(
      { file, line: 1, col: 1 },
      `tests for ${which}: no such playbook in ${dirname(file)}`,
    ),
  );
}

/**
 * The tests of the playbooks at `paths`: each playbook's own `tests:` and
 * the `<name>.test.yml` beside it (or naming it with `playbook:`). A test
 * file whose playbook cannot be found is an error, never skipped.
 * @example const { suites, errors } = await collectTests(['playbooks'])
 */
export async function collectTests(paths: readonly string[]): Promise<Collected> {
  const testFiles = [...new Set(await findTestFiles(paths))];
  const playbookPaths = await playbookPathsFor(paths, testFiles);
  const loaded =
    playbookPaths.length > 0 ? await loadPlaybooks(playbookPaths) : { playbooks: [], errors: [] };
  const errors = [...loaded.errors];
  const cases = new Map<Playbook, TestCase[]>(
    loaded.playbooks.map((p) => [
      p,
      p.tests.map((t) => ({ ...t, env: t.env ?? {}, file: p.file })),
    ]),
  );
  for (const file of testFiles) await addTestFile(file, loaded.playbooks, cases, errors);
  const all = [...cases];
  return {
    suites: all.filter(([, c]) => c.length > 0).map(([playbook, c]) => ({ playbook, cases: c })),
    untested: all.filter(([, c]) => c.length === 0).map(([p]) => p),
    errors,
  };
}
