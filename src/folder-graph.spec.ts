import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { folderCycles, folderGraph, relativeImports } from './folder-graph';

describe('folder graph of src/', () => {
  it('has no cycle between folders', () => {
    expect(folderCycles(folderGraph())).toEqual([]);
  });

  it('sees the imports it is meant to', () => {
    const graph = folderGraph();
    // Known edges: a domain uses common, and the projects module uses programmes.
    expect(graph.get('projects')).toContain('common');
    expect(graph.get('projects')).toContain('programmes');
  });

  it('reads every kind of relative import, and no package import', () => {
    const text = [
      "import { a } from '../one/a';",
      "import type { B } from '../two/b';",
      "import '../three/side-effect';",
      "export { c } from '../four/c';",
      "type D = import('../five/d').D;",
      "const e = require('../six/e');",
      "import { Injectable } from '@nestjs/common';",
    ].join('\n');
    expect(relativeImports(text)).toEqual([
      '../one/a',
      '../two/b',
      '../three/side-effect',
      '../four/c',
      '../five/d',
      '../six/e',
    ]);
  });

  it('finds a cycle around three folders, and none in a chain', () => {
    const src = mkdtempSync(join(tmpdir(), 'folder-graph-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    write('a/a.ts', "import { b } from '../b/b';");
    write('b/b.ts', "import { c } from '../c/nested/c';");
    write('c/nested/c.ts', "export const c = 1;\nimport { d } from '../../d/d';");
    write('d/d.ts', 'export const d = 1;');
    write('root.ts', "import { a } from './a/a';");
    expect(folderCycles(folderGraph(src))).toEqual([]);
    write('d/d.ts', "import { a } from '../a/a';");
    expect(folderCycles(folderGraph(src))).toEqual([['a', 'b', 'c', 'd']]);
    // A test file may reach anywhere; it is not part of the graph.
    write('d/d.ts', 'export const d = 1;');
    write('d/d.spec.ts', "import { a } from '../a/a';");
    expect(folderCycles(folderGraph(src))).toEqual([]);
  });
});
