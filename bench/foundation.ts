/**
 * Foundation figures (issue: start-up, page of 100 projects, idle memory).
 *   npm run bench:foundation
 * Uses the built server (npm run build first) and throw-away data directories;
 * the synthetic projects it adds live only in its own temporary database.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, withDatabase } from '../src/database/database-server';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { load, machine, median, ROOT, writeSection } from './lib';

const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const PROBE = JSON.stringify({ query: '{ programmes(first: 1) { totalCount } }' });

function launch(env: Record<string, string>): ChildProcess {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  // As `npm start` runs it.
  return spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...clean, NODE_ENV: 'production', NO_COLOR: '1', ...env },
    stdio: 'ignore',
  });
}

async function firstAnswer(port: number, startedAt: number): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: PROBE,
      });
      if (res.ok && ((await res.json()) as { data?: unknown }).data) return Date.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** `npm start` to the first answered query, on a fresh or an existing data directory. */
async function startupTimes(runs: number): Promise<{ cold: number[]; warm: number[] }> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'kv-bench-start-'));
    const port = 3400 + i;
    for (const bucket of [cold, warm]) {
      const t0 = Date.now();
      const child = launch({ DATA_DIR: dir, PORT: String(port) });
      bucket.push(await firstAnswer(port, t0));
      await stop(child);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { cold, warm };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const PAGE = `{ projects(first: 100) { totalCount edges { node { id titleSv category
  participants { role organisation { id nameFi ... on Municipality { code languageStatus region { nameFi } } } }
  topics { slug nameFi } } } } }`;

async function main() {
  const { cold, warm } = await startupTimes(3);

  // A bench-only cluster: the real dataset plus 1,000 synthetic projects (clearly labelled).
  const dir = mkdtempSync(join(tmpdir(), 'kv-bench-page-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, durable: false });
  await ensureDatabase(pg.url, 'bench');
  const url = withDatabase(pg.url, 'bench');
  const port = 3499;
  const child = launch({ DATABASE_URL: url, PORT: String(port), DB_POOL_SIZE: '10' });
  await firstAnswer(port, Date.now());
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`INSERT INTO source (key, title, publisher, note) VALUES ('synthetic-bench', 'SYNTHETIC benchmark data',
    'bench/foundation.ts', 'Generated for benchmarks; not real projects') ON CONFLICT DO NOTHING`);
  await client.query(`INSERT INTO project (programme_id, category, title_sv, provenance)
    SELECT (SELECT id FROM programme LIMIT 1), 'OTHER', 'SYNTHETIC bench project ' || g, '{"titleSv": "synthetic-bench"}'
    FROM generate_series(1, 1000) g`);
  await client.query(`INSERT INTO participation (project_id, organisation_id, role, source_key)
    SELECT p.id, o.id, CASE WHEN k = 0 THEN 'LEAD' ELSE 'PARTNER' END::participant_role, 'synthetic-bench'
    FROM project p CROSS JOIN generate_series(0, 3) k JOIN organisation o ON o.id = 1 + (p.id * 7 + k * 31) % 300
    WHERE p.title_sv LIKE 'SYNTHETIC %' ON CONFLICT DO NOTHING`);
  await client.query(`INSERT INTO project_topic (project_id, topic_id, source_key)
    SELECT p.id, t.id, 'synthetic-bench' FROM project p JOIN topic t ON t.id IN (1 + p.id % 15, 1 + (p.id + 4) % 15)
    WHERE p.title_sv LIKE 'SYNTHETIC %' ON CONFLICT DO NOTHING`);
  const [{ projects, participations }] = (
    await client.query(
      `SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM participation)::int AS participations`,
    )
  ).rows;
  await client.end();

  await new Promise((r) => setTimeout(r, 5000));
  const startRss = rssMiB(child.pid!);
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  await load(endpoint, { query: PAGE }, 1, 3); // warm-up
  const single = await load(endpoint, { query: PAGE }, 1, 15);
  const ten = await load(endpoint, { query: PAGE }, 10, 15);
  await new Promise((r) => setTimeout(r, 5000));
  const idleRss = rssMiB(child.pid!);
  await stop(child);
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });

  const fmt = (n: number) => n.toFixed(0);
  writeSection(
    'foundation',
    `## Foundation: start-up, a page of 100 projects, memory

Measured by \`npm run bench:foundation\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}.
Start-up runs \`node dist/src/main.js\` (what \`npm start\` runs) with the embedded PostgreSQL, 3 times each,
and times it to the first answered GraphQL query. The page benchmark uses the real dataset plus 1,000
synthetic projects (${projects} projects, ${participations} participations in all), over HTTP with autocannon.

| what | target | measured |
| --- | --- | --- |
| cold \`npm start\` to first answered query, fresh data dir (initdb, migrations, dataset) | ≤ 10 s | median ${fmt(median(cold))} ms (runs: ${cold.map(fmt).join(', ')} ms) |
| the same, existing data dir | ≤ 4 s | median ${fmt(median(warm))} ms (runs: ${warm.map(fmt).join(', ')} ms) |
| page of 100 projects with participants, municipalities, regions and topics, 1 client | median ≤ 30 ms | median ${single.p50} ms, p97.5 ${single.p95} ms, p99 ${single.p99} ms, ${fmt(single.rps)} req/s |
| the same, 10 concurrent clients | – | median ${ten.p50} ms, p97.5 ${ten.p95} ms, ${fmt(ten.rps)} req/s, ${ten.errors} errors |
| resident memory of the Node process at idle, 5 s after start-up | ≤ 250 MB | ${fmt(startRss)} MiB (PostgreSQL runs in its own processes) |
| the same, idle again 5 s after the 10-client load above | – | ${fmt(idleRss)} MiB |
`,
  );
  console.log({ cold, warm, single, ten, startRss, idleRss });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
