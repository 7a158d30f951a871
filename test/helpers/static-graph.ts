import type { Metafile } from 'esbuild';

/**
 * What an entry of a build loads before anything of it runs: the output files reached by
 * static imports from the one whose name ends with `entryName`, the source files bundled in
 * them, and the external modules they import.
 */
export function staticGraph(
  metafile: Metafile,
  entryName: string,
): { inputs: string[]; externals: Set<string> } {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((f) => f.endsWith(entryName)) ?? '';
  const seen = new Set<string>();
  const externals = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) externals.add(i.path);
      else todo.push(i.path);
    }
  }
  return { inputs: [...seen].flatMap((f) => Object.keys(outputs[f]?.inputs ?? {})), externals };
}
