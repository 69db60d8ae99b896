import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The import graph between the folders directly under src/ (one folder per domain, plus the
 * shared `common`, `config`, `database`, …). A folder may use another only if that one does not
 * use it back, directly or around a loop: docs/architecture.md draws the graph, and
 * src/folder-graph.spec.ts fails when a cycle comes back. Type-only imports count too, because
 * they tie the folders' meaning together just the same.
 */

export const SRC_DIR = __dirname;

/** Relative module names a file imports: `from '…'`, `import('…')`, `require('…')`. */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.[^'"]*)['"]/gm;
  for (const m of text.matchAll(pattern)) found.push(m[1]);
  return found;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !/\.(spec|d)\.ts$/.test(name)) files.push(path);
  }
  return files;
}

/** The top folder under src/ that holds `path`, or null for a file directly in src/. */
function folderOf(path: string, src: string): string | null {
  const parts = relative(src, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : null;
}

/** folder → the other folders its (non-test) files import from. */
export function folderGraph(src: string = SRC_DIR): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const from = folderOf(file, src);
    if (!from) continue;
    const uses = graph.get(from) ?? new Set<string>();
    graph.set(from, uses);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(resolve(dirname(file), spec), src);
      if (to && to !== from) uses.add(to);
    }
  }
  return graph;
}

/** The groups of folders that import each other around a loop (Tarjan's strongly connected components of size > 1). */
export function folderCycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}
