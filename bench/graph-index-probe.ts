/**
 * The graph index's engine alone, in one process (no HTTP, no GraphQL): builds the index
 * from a generated database and times the searches, CPU and wall time per start.
 *
 *   DATABASE_URL=postgres://…/kuntaverkko_bench npx ts-node --transpile-only bench/graph-index-probe.ts
 */
import { Client } from 'pg';
import { Reach, shortestPath } from '../src/network/breadth-first';
import { GraphIndex } from '../src/network/graph-index';
import { readGraphRows } from '../src/network/graph-index.load';
import { withGraphSnapshot } from '../src/network/graph-snapshot.repository';
import { IndexLinks } from '../src/network/link-sources';
import { ALL_LINK_KINDS } from '../src/network/sql/organisation-edges.sql';
async function main() {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const index = GraphIndex.build(
    await withGraphSnapshot(process.env.DATABASE_URL ?? '', readGraphRows),
  );
  const ids = (
    await c.query('SELECT id FROM organisation WHERE synthetic ORDER BY md5(id::text) LIMIT 200')
  ).rows.map((r) => r.id as number);
  const links = new IndexLinks(index, new Date());
  const q = (a: number[], p: number) =>
    [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil(p * a.length) - 1)].toFixed(1);
  const run = async (name: string, n: number, f: (i: number) => Promise<unknown>) => {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await f(i);
      const d = process.cpuUsage(c0);
      cpu.push((d.user + d.system) / 1000);
      wall.push(performance.now() - t0);
    }
    console.log(
      `${name}: CPU p50 ${q(cpu, 0.5)} p95 ${q(cpu, 0.95)} ms; wall p50 ${q(wall, 0.5)} p95 ${q(wall, 0.95)} ms`,
    );
  };
  const sizes: number[] = [];
  const pop = (depth: number, total: boolean) => async (i: number) => {
    const r = new Reach(links, ids[i], depth, ALL_LINK_KINDS);
    const { rows: page } = await r.page(100);
    await r.examplePaths(
      page.map((x) => x.org),
      1,
    );
    if (total) {
      sizes.push(await r.totalCount());
      await r.incompleteProjects();
    }
  };
  await run('depth 2, first 100, 1 example path', 200, pop(2, false));
  await run('depth 3, first 100, 1 example path', 200, pop(3, false));
  await run('depth 2, whole reach (totalCount, complete)', 50, pop(2, true));
  console.log(`  reach sizes: median ${q(sizes, 0.5)}, max ${Math.max(...sizes)}`);
  sizes.length = 0;
  await run('depth 3, whole reach (totalCount, complete)', 50, pop(3, true));
  console.log(`  reach sizes: median ${q(sizes, 0.5)}, max ${Math.max(...sizes)}`);
  await run('collaborationPath maxDepth 4', 100, (i) =>
    shortestPath(links, ids[i], ids[199 - i], 4, ALL_LINK_KINDS),
  );
  await c.end();
}
void main();
