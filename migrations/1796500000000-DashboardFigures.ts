import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's figures kept at write time (docs/dashboard.md, "Maintained figures").
 *
 * - dashboard_count: counters per scope k (0 = every programme, a programme id, -1 = figures
 *   that do not depend on the scope: the municipalities themselves), figure `dim` and `key`,
 *   spread over a few `slot`s by backend so that concurrent writes do not queue on one row.
 * - dashboard_project: what each project contributes, as last counted (its participants'
 *   regions and languages, its topics, its compliance facts), so that a change can take the
 *   old contribution out and put the new one in.
 * - dashboard_scope_organisation: how many projects of a scope each organisation takes part in;
 *   the distinct organisations and reached municipalities change when it moves from or to 0.
 *
 * Statement-level triggers with transition tables keep them in the same transaction as every
 * write (mutations, the CSV import, the seed loader, plain SQL). A bulk load may set
 * kuntaverkko.dashboard_bulk = 'on' for its transaction and call dashboard_rebuild() after.
 */
export class DashboardFigures1796500000000 implements MigrationInterface {
  name = 'DashboardFigures1796500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dashboard_count (
        k integer NOT NULL,
        dim text NOT NULL,
        key text NOT NULL,
        slot smallint NOT NULL,
        n bigint NOT NULL DEFAULT 0,
        amount numeric NOT NULL DEFAULT 0,
        CONSTRAINT dashboard_count_pkey PRIMARY KEY (k, dim, key, slot))`);
    await q.query(`
      CREATE TABLE dashboard_project (
        project_id integer NOT NULL,
        programme_id integer NOT NULL,
        category text NOT NULL,
        status text NOT NULL,
        participants_known boolean NOT NULL,
        grant_eur numeric,
        grant_is_maximum boolean NOT NULL,
        organisations integer[] NOT NULL,
        participants integer NOT NULL,
        regions text[] NOT NULL,
        languages text[] NOT NULL,
        topics integer[] NOT NULL,
        too_few boolean NOT NULL,
        rule_unknown boolean NOT NULL,
        open_status text,
        deadline date,
        CONSTRAINT dashboard_project_pkey PRIMARY KEY (project_id))`);
    // min and max of the known grants, per programme and over all, by index.
    await q.query(`CREATE INDEX dashboard_project_grant_idx ON dashboard_project (grant_eur)`);
    await q.query(
      `CREATE INDEX dashboard_project_programme_grant_idx ON dashboard_project (programme_id, grant_eur)`,
    );
    await q.query(`
      CREATE TABLE dashboard_scope_organisation (
        k integer NOT NULL,
        organisation_id integer NOT NULL,
        n integer NOT NULL,
        CONSTRAINT dashboard_scope_organisation_pkey PRIMARY KEY (k, organisation_id))`);

    await q.query(`
      CREATE FUNCTION dashboard_slot() RETURNS smallint LANGUAGE sql STABLE AS
      $$ SELECT (pg_backend_pid() % 16)::smallint $$`);
    await q.query(`
      CREATE FUNCTION dashboard_bulk() RETURNS boolean LANGUAGE sql STABLE AS
      $$ SELECT coalesce(current_setting('kuntaverkko.dashboard_bulk', true), '') = 'on' $$`);
    // The population classes of src/dashboard/sql/dashboard.sql.ts (POPULATION_CLASSES).
    await q.query(`
      CREATE FUNCTION dashboard_population_class(p integer) RETURNS text LANGUAGE sql IMMUTABLE AS
      $$ SELECT CASE WHEN p IS NULL THEN NULL WHEN p < 2000 THEN 'UNDER_2000' WHEN p < 5000 THEN '2000_4999'
                     WHEN p < 10000 THEN '5000_9999' WHEN p < 20000 THEN '10000_19999'
                     WHEN p < 50000 THEN '20000_49999' WHEN p < 100000 THEN '50000_99999'
                     ELSE '100000_AND_OVER' END $$`);

    // What a project contributes to the counters of its two scopes.
    await q.query(`
      CREATE FUNCTION dashboard_project_contribution(d dashboard_project)
      RETURNS TABLE (k integer, dim text, key text, n bigint, amount numeric)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT s.k, x.dim, x.key, x.n, x.amount
        FROM unnest(ARRAY[0, d.programme_id]) s(k)
        CROSS JOIN (
          SELECT 'projects', '', 1::bigint, 0::numeric
          UNION ALL SELECT 'category', d.category, 1, 0
          UNION ALL SELECT 'status', d.status, 1, 0
          UNION ALL SELECT 'participantsUnknown', '', 1, 0 WHERE NOT d.participants_known
          UNION ALL SELECT 'topic', t::text, 1, 0 FROM unnest(d.topics) t
          UNION ALL SELECT 'withoutTopic', '', 1, 0 WHERE cardinality(d.topics) = 0
          UNION ALL SELECT 'region', r, 1, 0 FROM unnest(d.regions) r
          UNION ALL SELECT 'language', l, 1, 0 FROM unnest(d.languages) l
          UNION ALL SELECT 'participations', '', d.participants, 0
          UNION ALL SELECT 'participants',
                           CASE WHEN d.participants_known THEN 'known:' ELSE 'recorded:' END || d.participants, 1, 0
          UNION ALL SELECT 'grants', '', 1, d.grant_eur WHERE d.grant_eur IS NOT NULL
          UNION ALL SELECT 'grantMaximum', '', 1, 0 WHERE d.grant_eur IS NOT NULL AND d.grant_is_maximum
          UNION ALL SELECT 'tooFew', '', 1, 0 WHERE d.too_few
          UNION ALL SELECT 'ruleUnknown', '', 1, 0 WHERE d.rule_unknown
          UNION ALL SELECT 'open', CASE WHEN d.too_few THEN 'T' ELSE 'F' END || ':' || d.open_status || ':'
                           || to_char(d.deadline, 'YYYY-MM-DD'), 1, 0
                    WHERE d.open_status IS NOT NULL AND d.deadline IS NOT NULL
        ) x(dim, key, n, amount) $$`);

    // What an organisation taking part in a scope contributes to it (kind; reach of a municipality).
    await q.query(`
      CREATE FUNCTION dashboard_reach(kind text, region_code text, language_status text, population integer)
      RETURNS TABLE (dim text, key text, n bigint, amount numeric)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT 'organisations', kind, 1::bigint, 0::numeric
        UNION ALL
        SELECT 'reached:' || b.d, coalesce(b.key, ''), 1, coalesce(population, 0)
        FROM (VALUES ('total', NULL), ('region', region_code), ('language', language_status),
                     ('populationClass', dashboard_population_class(population))) b(d, key)
        WHERE kind = 'MUNICIPALITY' AND region_code IS NOT NULL $$`);

    // What a municipality contributes to the scope-independent counts (k = -1).
    await q.query(`
      CREATE FUNCTION dashboard_municipality(kind text, region_code text, language_status text, population integer)
      RETURNS TABLE (dim text, key text, n bigint, amount numeric)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT x.dim || b.d, coalesce(b.key, ''), x.n, x.amount
        FROM (VALUES ('total', NULL), ('region', region_code), ('language', language_status),
                     ('populationClass', dashboard_population_class(population))) b(d, key)
        CROSS JOIN (SELECT 'municipalities:', 1::bigint, coalesce(population, 0)::numeric
                    UNION ALL SELECT 'populationUnknown:', 1, 0 WHERE population IS NULL) x(dim, n, amount)
        WHERE kind = 'MUNICIPALITY' AND region_code IS NOT NULL $$`);

    // A project's facts as the dashboard counts them, from the tables: a view, so that a
    // condition on project_id reaches the index of project.
    await q.query(`
      CREATE VIEW dashboard_project_facts_view AS
        SELECT p.id AS project_id, p.programme_id, p.category::text AS category, p.status::text AS status,
               p.participants_known, p.grant_eur::numeric AS grant_eur, p.grant_is_maximum,
               coalesce(pa.organisations, '{}') AS organisations, coalesce(pa.n, 0)::int AS participants,
               coalesce(pa.regions, '{}') AS regions, coalesce(pa.languages, '{}') AS languages,
               coalesce(tp.topics, '{}') AS topics,
               -- A round with no published minimum has no project with too few.
               coalesce(p.status <> 'WITHDRAWN' AND p.participants_known AND coalesce(pa.n, 0) < pr.min_participants, false) AS too_few,
               p.status <> 'WITHDRAWN' AND NOT p.participants_known AS rule_unknown,
               CASE WHEN p.status IN ('GRANTED', 'ACTIVE') THEN p.status::text END AS open_status,
               coalesce(p.end_date, pr.completion_deadline) AS deadline
        FROM project p JOIN programme pr ON pr.id = p.programme_id
        LEFT JOIN LATERAL (
          SELECT array_agg(pa.organisation_id ORDER BY pa.organisation_id) AS organisations, count(*) AS n,
                 array_agg(DISTINCT o.region_code) FILTER (WHERE o.region_code IS NOT NULL) AS regions,
                 array_agg(DISTINCT o.language_status::text) FILTER (WHERE o.language_status IS NOT NULL) AS languages
          FROM participation pa JOIN organisation o ON o.id = pa.organisation_id
          WHERE pa.project_id = p.id) pa ON TRUE
        LEFT JOIN LATERAL (
          SELECT array_agg(pt.topic_id ORDER BY pt.topic_id) AS topics FROM project_topic pt
          WHERE pt.project_id = p.id) tp ON TRUE`);

    // Takes the projects' old contributions out and puts their current ones in.
    await q.query(`
      CREATE FUNCTION dashboard_refresh_projects(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        old_rows dashboard_project[];
        new_rows dashboard_project[];
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        WITH d AS (DELETE FROM dashboard_project WHERE project_id = ANY(ids) RETURNING *)
          SELECT coalesce(array_agg(d), '{}') INTO old_rows FROM d;
        WITH i AS (INSERT INTO dashboard_project
                   SELECT * FROM dashboard_project_facts_view WHERE project_id = ANY(ids) RETURNING *)
          SELECT coalesce(array_agg(i), '{}') INTO new_rows FROM i;

        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT x.k, x.dim, x.key, dashboard_slot(), sum(r.s * x.n), sum(r.s * x.amount)
        FROM (SELECT -1 AS s, o AS d FROM unnest(old_rows) o
              UNION ALL SELECT 1, w FROM unnest(new_rows) w) r
        CROSS JOIN LATERAL dashboard_project_contribution(r.d) x
        GROUP BY 1, 2, 3
        HAVING sum(r.s * x.n) <> 0 OR sum(r.s * x.amount) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;

        WITH r AS (SELECT -1 AS s, o AS d FROM unnest(old_rows) o
                   UNION ALL SELECT 1, w FROM unnest(new_rows) w),
        delta AS (
          SELECT sc.k, org, sum(r.s)::int AS d
          FROM r CROSS JOIN LATERAL unnest(ARRAY[0, (r.d).programme_id]) sc(k)
          CROSS JOIN LATERAL unnest((r.d).organisations) org
          GROUP BY 1, 2 HAVING sum(r.s) <> 0),
        up AS (
          INSERT INTO dashboard_scope_organisation AS t (k, organisation_id, n)
          SELECT k, org, d FROM delta ORDER BY 1, 2
          ON CONFLICT (k, organisation_id) DO UPDATE SET n = t.n + excluded.n
          RETURNING t.k, t.organisation_id, t.n),
        moved AS (
          SELECT up.k, up.organisation_id, (up.n > 0)::int - (up.n - delta.d > 0)::int AS s
          FROM up JOIN delta ON delta.k = up.k AND delta.org = up.organisation_id)
        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT m.k, x.dim, x.key, dashboard_slot(), sum(m.s * x.n), sum(m.s * x.amount)
        FROM moved m JOIN organisation o ON o.id = m.organisation_id
        CROSS JOIN LATERAL dashboard_reach(o.kind::text, o.region_code, o.language_status::text, o.population2019) x
        WHERE m.s <> 0
        GROUP BY 1, 2, 3
        HAVING sum(m.s * x.n) <> 0 OR sum(m.s * x.amount) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;
      END $$`);

    // Commitments: counted once in every scope holding either project (a project's programme is
    // fixed), under one key per (kind, status, provenance): one counter row per scope and write.
    await q.query(`
      CREATE FUNCTION dashboard_commitments_changed(s integer, items cooperation_commitment[]) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT sc.k, 'commitment', r.kind || ':' || r.status || ':' || r.provenance, dashboard_slot(),
               s * count(*), 0
        FROM unnest(items) r
        JOIN project pa ON pa.id = r.project_a_id JOIN project pb ON pb.id = r.project_b_id
        CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[0, pa.programme_id, pb.programme_id])) sc(k)
        GROUP BY 1, 3
        ORDER BY 1, 3
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n $$`);

    // Organisations: the municipalities' own counts, the reach of those taking part, and the
    // regions and languages of their projects.
    await q.query(`
      CREATE FUNCTION dashboard_municipalities_changed(old_rows organisation[], new_rows organisation[])
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT -1, x.dim, x.key, dashboard_slot(), sum(r.s * x.n), sum(r.s * x.amount)
        FROM (SELECT -1 AS s, o.* FROM unnest(old_rows) o UNION ALL SELECT 1, w.* FROM unnest(new_rows) w) r
        CROSS JOIN LATERAL dashboard_municipality(r.kind::text, r.region_code, r.language_status::text, r.population2019) x
        GROUP BY 1, 2, 3
        HAVING sum(r.s * x.n) <> 0 OR sum(r.s * x.amount) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount $$`);
    await q.query(`
      CREATE FUNCTION dashboard_organisations_changed(old_rows organisation[], new_rows organisation[])
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM dashboard_municipalities_changed(old_rows, new_rows);

        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT so.k, x.dim, x.key, dashboard_slot(), sum(r.s * x.n), sum(r.s * x.amount)
        FROM (SELECT -1 AS s, o.* FROM unnest(old_rows) o UNION ALL SELECT 1, w.* FROM unnest(new_rows) w) r
        JOIN dashboard_scope_organisation so ON so.organisation_id = r.id AND so.n > 0
        CROSS JOIN LATERAL dashboard_reach(r.kind::text, r.region_code, r.language_status::text, r.population2019) x
        GROUP BY 1, 2, 3
        HAVING sum(r.s * x.n) <> 0 OR sum(r.s * x.amount) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;

        PERFORM dashboard_refresh_projects(ARRAY(
          SELECT DISTINCT pa.project_id FROM participation pa
          WHERE pa.organisation_id IN (
            SELECT w.id FROM unnest(new_rows) w LEFT JOIN unnest(old_rows) o ON o.id = w.id
            WHERE o.id IS NULL OR (w.region_code, w.language_status) IS DISTINCT FROM (o.region_code, o.language_status)
            UNION SELECT o.id FROM unnest(old_rows) o LEFT JOIN unnest(new_rows) w ON w.id = o.id
            WHERE w.id IS NULL)));
      END $$`);

    // Trigger functions: one per table, for INSERT, UPDATE and DELETE statements.
    await q.query(`
      CREATE FUNCTION dashboard_on_project_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          PERFORM dashboard_refresh_projects(ARRAY(SELECT DISTINCT project_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM dashboard_refresh_projects(ARRAY(SELECT DISTINCT project_id FROM old_rows));
        ELSE
          PERFORM dashboard_refresh_projects(ARRAY(
            SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    // A project update that changes none of the counted columns (a version bump) costs one comparison.
    await q.query(`
      CREATE FUNCTION dashboard_on_project() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids integer[];
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          ids := ARRAY(SELECT id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
          ids := ARRAY(SELECT id FROM old_rows);
        ELSE
          ids := ARRAY(
            SELECT w.id FROM new_rows w JOIN old_rows o ON o.id = w.id
            WHERE (w.programme_id, w.category, w.status, w.participants_known, w.grant_eur,
                   w.grant_is_maximum, w.end_date)
                  IS DISTINCT FROM (o.programme_id, o.category, o.status, o.participants_known,
                   o.grant_eur, o.grant_is_maximum, o.end_date));
        END IF;
        PERFORM dashboard_refresh_projects(ids);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION dashboard_on_programme() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        PERFORM dashboard_refresh_projects(ARRAY(
          SELECT p.id FROM project p WHERE p.programme_id IN (
            SELECT w.id FROM new_rows w JOIN old_rows o ON o.id = w.id
            WHERE (w.min_participants, w.completion_deadline)
                  IS DISTINCT FROM (o.min_participants, o.completion_deadline))));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION dashboard_on_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        -- recordCommitment: straight from the transition rows, the cheapest form of the write.
        IF TG_OP = 'INSERT' THEN
          INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
          SELECT sc.k, 'commitment', r.kind || ':' || r.status || ':' || r.provenance, dashboard_slot(),
                 count(*), 0
          FROM new_rows r
          JOIN project pa ON pa.id = r.project_a_id JOIN project pb ON pb.id = r.project_b_id
          CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[0, pa.programme_id, pb.programme_id])) sc(k)
          GROUP BY 1, 3
          ORDER BY 1, 3
          ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM dashboard_commitments_changed(-1, ARRAY(SELECT o::cooperation_commitment FROM old_rows o));
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          PERFORM dashboard_commitments_changed(1, ARRAY(SELECT w::cooperation_commitment FROM new_rows w));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION dashboard_on_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          PERFORM dashboard_organisations_changed('{}', ARRAY(SELECT w::organisation FROM new_rows w));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM dashboard_organisations_changed(ARRAY(SELECT o::organisation FROM old_rows o), '{}');
        ELSE
          PERFORM dashboard_organisations_changed(ARRAY(SELECT o::organisation FROM old_rows o), ARRAY(SELECT w::organisation FROM new_rows w));
        END IF;
        RETURN NULL;
      END $$`);

    for (const [table, fn] of [
      ['project', 'dashboard_on_project'],
      ['participation', 'dashboard_on_project_rows'],
      ['project_topic', 'dashboard_on_project_rows'],
      ['cooperation_commitment', 'dashboard_on_commitment'],
      ['organisation', 'dashboard_on_organisation'],
    ]) {
      await q.query(
        `CREATE TRIGGER ${table}_dashboard_insert AFTER INSERT ON ${table}
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_dashboard_update AFTER UPDATE ON ${table}
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_dashboard_delete AFTER DELETE ON ${table}
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
    await q.query(
      `CREATE TRIGGER programme_dashboard_update AFTER UPDATE ON programme
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_on_programme()`,
    );

    // Everything again from the tables, set by set: after a bulk load, and to repair.
    await q.query(`
      CREATE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE dashboard_count, dashboard_project, dashboard_scope_organisation;
        -- After a bulk load the planner may not know the tables' sizes yet: without statistics
        -- the per-project lookups of the facts view can turn into a scan per project.
        ANALYZE project, participation, project_topic, organisation;
        PERFORM dashboard_municipalities_changed('{}', ARRAY(SELECT o FROM organisation o WHERE o.kind = 'MUNICIPALITY'));
        INSERT INTO dashboard_project SELECT * FROM dashboard_project_facts_view;
        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT x.k, x.dim, x.key, 0, sum(x.n), sum(x.amount)
        FROM dashboard_project d CROSS JOIN LATERAL dashboard_project_contribution(d) x
        GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;
        INSERT INTO dashboard_scope_organisation (k, organisation_id, n)
        SELECT sc.k, org, count(*)
        FROM dashboard_project d CROSS JOIN LATERAL unnest(ARRAY[0, d.programme_id]) sc(k)
        CROSS JOIN LATERAL unnest(d.organisations) org
        GROUP BY 1, 2;
        INSERT INTO dashboard_count AS c (k, dim, key, slot, n, amount)
        SELECT so.k, x.dim, x.key, 0, sum(x.n), sum(x.amount)
        FROM dashboard_scope_organisation so JOIN organisation o ON o.id = so.organisation_id
        CROSS JOIN LATERAL dashboard_reach(o.kind::text, o.region_code, o.language_status::text, o.population2019) x
        GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0
        ON CONFLICT (k, dim, key, slot) DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;
        PERFORM dashboard_commitments_changed(1, ARRAY(SELECT c FROM cooperation_commitment c));
      END $$`);
    await q.query(`SELECT dashboard_rebuild()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'project',
      'participation',
      'project_topic',
      'cooperation_commitment',
      'organisation',
    ])
      for (const op of ['insert', 'update', 'delete'])
        await q.query(`DROP TRIGGER ${table}_dashboard_${op} ON ${table}`);
    await q.query(`DROP TRIGGER programme_dashboard_update ON programme`);
    for (const fn of [
      'dashboard_rebuild()',
      'dashboard_on_organisation()',
      'dashboard_on_commitment()',
      'dashboard_on_programme()',
      'dashboard_on_project()',
      'dashboard_on_project_rows()',
      'dashboard_organisations_changed(organisation[], organisation[])',
      'dashboard_municipalities_changed(organisation[], organisation[])',
      'dashboard_commitments_changed(integer, cooperation_commitment[])',
      'dashboard_refresh_projects(integer[])',
      'dashboard_municipality(text, text, text, integer)',
      'dashboard_reach(text, text, text, integer)',
      'dashboard_project_contribution(dashboard_project)',
      'dashboard_population_class(integer)',
      'dashboard_bulk()',
      'dashboard_slot()',
    ])
      await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP VIEW dashboard_project_facts_view`);
    await q.query(`DROP TABLE dashboard_scope_organisation`);
    await q.query(`DROP TABLE dashboard_project`);
    await q.query(`DROP TABLE dashboard_count`);
  }
}
