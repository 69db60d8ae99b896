import { TestDatabase } from './test-app';

/**
 * Small hand-built networks, written straight into an empty (schema-only)
 * database. Organisations and projects are named; the builder returns their ids.
 */
export interface FixtureSpec {
  organisations: string[];
  jointAuthorities?: Record<string, string[]>; // name -> member names
  topics?: string[];
  programmes?: Record<string, { deadline: string; minParticipants?: number }>;
  projects: Record<
    string,
    {
      members: string[]; // first is the lead
      programme?: string;
      topics?: Record<string, number>; // slug -> weight
      title?: string;
      status?: string;
      participantsKnown?: boolean;
      start?: string;
      end?: string;
    }
  >;
  commitments?: { a: string; b: string; kind?: string; status?: string }[];
  reuse?: { project: string; source: string }[];
}

export interface Fixture {
  org: Record<string, number>;
  project: Record<string, number>;
  topic: Record<string, number>;
  programme: Record<string, number>;
}

export const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

export async function buildFixture(db: TestDatabase, spec: FixtureSpec): Promise<Fixture> {
  const one = async (sql: string, params: unknown[]) =>
    (await db.sql<{ id: number }>(sql, params))[0].id;
  await db.sql(
    `INSERT INTO source (key, title) VALUES ('fixture', 'test fixture') ON CONFLICT DO NOTHING`,
  );
  await db.sql(
    `INSERT INTO region (code, name_fi, name_sv, name_en) VALUES ('01', 'Uusimaa', 'Nyland', 'Uusimaa'), ('02', 'Varsinais-Suomi', 'Egentliga Finland', 'Southwest Finland') ON CONFLICT DO NOTHING`,
  );
  const fx: Fixture = { org: {}, project: {}, topic: {}, programme: {} };
  let code = 100;
  for (const name of spec.organisations) {
    // Names ending in "-sv" are Swedish-speaking, names starting with "south-" are in region 02.
    fx.org[name] = await one(
      `INSERT INTO organisation (kind, code, name_fi, name_sv, region_code, language_status, source_key)
       VALUES ('MUNICIPALITY', $1, $2, $2, $3, $4, 'fixture') RETURNING id`,
      [
        String(code++),
        name,
        name.startsWith('south-') ? '02' : '01',
        name.endsWith('-sv') ? 'SWEDISH' : 'FINNISH',
      ],
    );
  }
  for (const [name, members] of Object.entries(spec.jointAuthorities ?? {})) {
    fx.org[name] = await one(
      `INSERT INTO organisation (kind, name_fi, source_key) VALUES ('JOINT_AUTHORITY', $1, 'fixture') RETURNING id`,
      [name],
    );
    for (const m of members) {
      await db.sql(
        `INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key) VALUES ($1, $2, 'fixture')`,
        [fx.org[name], fx.org[m]],
      );
    }
  }
  for (const slug of spec.topics ?? []) {
    fx.topic[slug] = await one(
      `INSERT INTO topic (slug, name_fi, name_sv, name_en, source_key) VALUES ($1, $1, $1, $1, 'fixture') RETURNING id`,
      [slug],
    );
  }
  const programmes = spec.programmes ?? { main: { deadline: '2030-01-01' } };
  for (const [code, p] of Object.entries(programmes)) {
    fx.programme[code] = await one(
      `INSERT INTO programme (code, name_fi, name_sv, name_en, completion_deadline, min_participants, reuse_duty, cooperation_duty)
       VALUES ($1, $1, $1, $1, $2, $3, true, true) RETURNING id`,
      [code, p.deadline, p.minParticipants ?? 2],
    );
  }
  let position = 1;
  for (const [name, p] of Object.entries(spec.projects)) {
    fx.project[name] = await one(
      `INSERT INTO project (programme_id, category, list_position, title_sv, status, participants_known, start_date, end_date)
       VALUES ($1, 'OTHER', $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        fx.programme[p.programme ?? Object.keys(programmes)[0]],
        position++,
        p.title ?? name,
        p.status ?? 'GRANTED',
        p.participantsKnown ?? true,
        p.start ?? null,
        p.end ?? null,
      ],
    );
    for (const [i, m] of p.members.entries()) {
      await db.sql(
        `INSERT INTO participation (project_id, organisation_id, role, source_key) VALUES ($1, $2, $3, 'fixture')`,
        [fx.project[name], fx.org[m], i === 0 ? 'LEAD' : 'PARTNER'],
      );
    }
    for (const [slug, weight] of Object.entries(p.topics ?? {})) {
      await db.sql(
        `INSERT INTO project_topic (project_id, topic_id, weight, source_key) VALUES ($1, $2, $3, 'fixture')`,
        [fx.project[name], fx.topic[slug], weight],
      );
    }
  }
  for (const c of spec.commitments ?? []) {
    const [a, b] = [fx.project[c.a], fx.project[c.b]].sort((x, y) => x - y);
    await db.sql(
      `INSERT INTO cooperation_commitment (project_a_id, project_b_id, kind, status, provenance) VALUES ($1, $2, $3, $4, 'VERIFIED')`,
      [a, b, c.kind ?? 'KNOWLEDGE_SHARING', c.status ?? 'ACTIVE'],
    );
  }
  for (const r of spec.reuse ?? []) {
    await db.sql(`INSERT INTO reuse_link (project_id, source_project_id) VALUES ($1, $2)`, [
      fx.project[r.project],
      fx.project[r.source],
    ]);
  }
  return fx;
}

/**
 * Waits until the server's graph index reflects every link change committed so far:
 * its feed position (in /metrics) reaches graph_change_seq, and it answers from the index.
 */
export async function waitForGraphIndex(
  db: TestDatabase,
  baseUrl: string,
  timeoutMs = 20_000,
): Promise<void> {
  const [{ position }] = await db.sql<{ position: string }>(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS position FROM graph_change_seq`,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const value = (name: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(name + ' '))
          ?.split(' ')[1] ?? NaN,
      );
    if (
      value('kuntaverkko_graph_index_ready') === 1 &&
      value('kuntaverkko_graph_index_feed_position') >= Number(position)
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`graph index did not reach feed position ${position} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
