import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  MAX_PAIR_CANDIDATES,
  MAX_PAIR_PROJECTS,
  PAIR_SCORE_FLOOR,
} from '../src/dashboard/dashboard-limits';
import { scoreExpr } from '../src/network/sql/similarity.query';

/**
 * More dashboard figures kept at write time (docs/dashboard.md, "Maintained figures"):
 *
 * - dashboard_similar_pair: the similar pairs of each programme, scored as cooperationGaps
 *   scores them (src/network/sql/similarity.query.ts), at or above PAIR_SCORE_FLOOR, for the
 *   programmes within the pair bounds (MAX_PAIR_PROJECTS, MAX_PAIR_CANDIDATES);
 *   dashboard_pair_programme says which programmes are kept. Commitments are not stored with a
 *   pair: whether it is committed is read with it, so recordCommitment does no pair work.
 * - dashboard_reuse_output and dashboard_reuse_project: the reuse figures per scope.
 * - TRUNCATE of a counted table rebuilds every kept figure in the same transaction.
 *
 * dashboard_rebuild() now rebuilds these too (the counters of 1796500000000 first).
 */
export class DashboardPairsAndReuse1796560000000 implements MigrationInterface {
  name = 'DashboardPairsAndReuse1796560000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dashboard_similar_pair (
        programme_id integer NOT NULL,
        a integer NOT NULL,
        b integer NOT NULL,
        score float8 NOT NULL,
        CONSTRAINT dashboard_similar_pair_pkey PRIMARY KEY (a, b))`);
    await q.query(
      `CREATE INDEX dashboard_similar_pair_programme_idx ON dashboard_similar_pair (programme_id, score)`,
    );
    await q.query(`CREATE INDEX dashboard_similar_pair_b_idx ON dashboard_similar_pair (b)`);
    await q.query(`
      CREATE TABLE dashboard_pair_programme (
        programme_id integer NOT NULL,
        maintained boolean NOT NULL,
        CONSTRAINT dashboard_pair_programme_pkey PRIMARY KEY (programme_id))`);

    // Topic weights and titles of the scored projects, the same expressions as PROGRAMME_PAIRS of
    // similarity.query.ts (real sums, then float8), so that a kept score equals the live one.
    const scored = (inter: string) => `
      totals AS (
        SELECT pt.project_id, sum(pt.weight) AS s FROM project_topic pt
        WHERE pt.project_id IN (SELECT a FROM ${inter} UNION SELECT b FROM ${inter})
        GROUP BY pt.project_id),
      scored AS (
        SELECT i.a, i.b, (i.i / nullif(ta.s + tb.s - i.i, 0))::float8 AS topic_score,
               similarity(pa.title_sv, pb.title_sv)::float8 AS text_score
        FROM ${inter} i
        JOIN totals ta ON ta.project_id = i.a JOIN totals tb ON tb.project_id = i.b
        JOIN project pa ON pa.id = i.a JOIN project pb ON pb.id = i.b)
      SELECT g, a, b, ${scoreExpr('topic_score', 'text_score')}::float8
      FROM scored WHERE ${scoreExpr('topic_score', 'text_score')} >= ${PAIR_SCORE_FLOOR}`;

    // Whether programme g is within the bounds of pair scoring, from the kept counters (its
    // projects, and its projects per topic), as similarPairCandidatesSql decides it live.
    await q.query(`
      CREATE FUNCTION dashboard_pairs_within_bounds(g integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT sum(n) FROM dashboard_count WHERE k = g AND dim = 'projects' AND key = ''), 0)
                 <= ${MAX_PAIR_PROJECTS}
           AND coalesce((SELECT sum(t.n * (t.n - 1) / 2) FROM (
                 SELECT sum(n)::float8 AS n FROM dashboard_count WHERE k = g AND dim = 'topic' GROUP BY key) t), 0)
                 <= ${MAX_PAIR_CANDIDATES} $$`);

    // Every similar pair of programme g.
    await q.query(`
      CREATE FUNCTION dashboard_pairs_build(g integer) RETURNS void LANGUAGE sql AS $$
        DELETE FROM dashboard_similar_pair WHERE programme_id = g;
        INSERT INTO dashboard_similar_pair (programme_id, a, b, score)
        WITH w AS MATERIALIZED (
          SELECT pt.project_id, pt.topic_id, pt.weight FROM project_topic pt
          JOIN project p ON p.id = pt.project_id WHERE p.programme_id = g),
        inter AS MATERIALIZED (
          SELECT x.project_id AS a, y.project_id AS b, sum(least(x.weight, y.weight)) AS i
          FROM w x JOIN w y ON y.topic_id = x.topic_id AND y.project_id > x.project_id
          GROUP BY 1, 2),
        ${scored('inter')};
        INSERT INTO dashboard_pair_programme AS m (programme_id, maintained) VALUES (g, true)
        ON CONFLICT (programme_id) DO UPDATE SET maintained = true $$`);

    // The pairs of the given projects (of programme g, whose list is kept) scored again.
    await q.query(`
      CREATE FUNCTION dashboard_pairs_score(g integer, ids integer[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO dashboard_similar_pair (programme_id, a, b, score)
        WITH s AS MATERIALIZED (SELECT p.id FROM project p WHERE p.id = ANY(ids) AND p.programme_id = g),
        sw AS MATERIALIZED (
          SELECT pt.project_id, pt.topic_id, pt.weight FROM project_topic pt JOIN s ON s.id = pt.project_id),
        ow AS MATERIALIZED (
          SELECT pt.project_id, pt.topic_id, pt.weight FROM project_topic pt
          JOIN project p ON p.id = pt.project_id
          WHERE pt.topic_id IN (SELECT topic_id FROM sw) AND p.programme_id = g),
        -- A pair of two touched projects once, from its smaller id.
        inter AS MATERIALIZED (
          SELECT least(x.project_id, y.project_id) AS a, greatest(x.project_id, y.project_id) AS b,
                 sum(least(x.weight, y.weight)) AS i
          FROM sw x JOIN ow y ON y.topic_id = x.topic_id AND y.project_id <> x.project_id
          WHERE NOT (y.project_id < x.project_id AND y.project_id IN (SELECT id FROM s))
          GROUP BY 1, 2),
        ${scored('inter')} $$`);

    // The pairs of the touched projects `ids`; `programmes` are the programmes they were or are
    // in. A programme that moves out of the bounds loses its list; one that moves in is built.
    await q.query(`
      CREATE FUNCTION dashboard_pairs_refresh(ids integer[], programmes integer[]) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        g integer;
        kept boolean;
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        DELETE FROM dashboard_similar_pair WHERE a = ANY(ids) OR b = ANY(ids);
        FOR g IN SELECT DISTINCT x FROM unnest(programmes) x WHERE x IS NOT NULL
                 UNION SELECT p.programme_id FROM project p WHERE p.id = ANY(ids) LOOP
          SELECT m.maintained INTO kept FROM dashboard_pair_programme m WHERE m.programme_id = g;
          IF NOT dashboard_pairs_within_bounds(g) THEN
            IF kept IS DISTINCT FROM false THEN
              DELETE FROM dashboard_similar_pair WHERE programme_id = g;
              INSERT INTO dashboard_pair_programme AS m (programme_id, maintained) VALUES (g, false)
              ON CONFLICT (programme_id) DO UPDATE SET maintained = false;
            END IF;
          ELSIF kept THEN
            PERFORM dashboard_pairs_score(g, ids);
          ELSE
            PERFORM dashboard_pairs_build(g);
          END IF;
        END LOOP;
      END $$`);

    // Scores use titles, topics and the programme; status, category and participants do not enter.
    await q.query(`
      CREATE FUNCTION dashboard_pairs_on_project() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          -- No topics yet, but the programme's size may cross the bound.
          PERFORM dashboard_pairs_refresh(ARRAY(SELECT id FROM new_rows),
                                          ARRAY(SELECT DISTINCT programme_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM dashboard_pairs_refresh(ARRAY(SELECT id FROM old_rows),
                                          ARRAY(SELECT DISTINCT programme_id FROM old_rows));
        ELSE
          PERFORM dashboard_pairs_refresh(
            ARRAY(SELECT w.id FROM new_rows w JOIN old_rows o ON o.id = w.id
                  WHERE (w.title_sv, w.programme_id) IS DISTINCT FROM (o.title_sv, o.programme_id)),
            ARRAY(SELECT o.programme_id FROM new_rows w JOIN old_rows o ON o.id = w.id
                  WHERE w.programme_id <> o.programme_id));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION dashboard_pairs_on_topics() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids integer[];
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          ids := ARRAY(SELECT DISTINCT project_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
          ids := ARRAY(SELECT DISTINCT project_id FROM old_rows);
        ELSE
          ids := ARRAY(SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows);
        END IF;
        PERFORM dashboard_pairs_refresh(ids, '{}');
        RETURN NULL;
      END $$`);

    // Reuse: per scope, each output reused (links, reusing projects, their participants) and
    // each reusing project's links. An output is 'p:<id>' (a project here) or 'o:<name>'.
    await q.query(`
      CREATE TABLE dashboard_reuse_output (
        k integer NOT NULL,
        output text NOT NULL,
        source_project_id integer,
        source_output text,
        links integer NOT NULL,
        projects integer NOT NULL,
        organisations integer NOT NULL,
        CONSTRAINT dashboard_reuse_output_pkey PRIMARY KEY (k, output))`);
    // The most reused outputs of a scope, in the order the figure lists them.
    await q.query(`
      CREATE INDEX dashboard_reuse_output_rank_idx
      ON dashboard_reuse_output (k, organisations DESC, links DESC, source_project_id, source_output)`);
    await q.query(`
      CREATE TABLE dashboard_reuse_project (
        k integer NOT NULL,
        project_id integer NOT NULL,
        links integer NOT NULL,
        CONSTRAINT dashboard_reuse_project_pkey PRIMARY KEY (k, project_id))`);
    await q.query(
      `CREATE INDEX dashboard_reuse_project_project_idx ON dashboard_reuse_project (project_id)`,
    );
    await q.query(`
      CREATE FUNCTION dashboard_reuse_output_key(source_project_id integer, source_output text)
      RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN source_project_id IS NOT NULL THEN 'p:' || source_project_id ELSE 'o:' || source_output END $$`);

    // The outputs `outputs` and the reusing projects `ids` counted again, in every scope.
    await q.query(`
      CREATE FUNCTION dashboard_reuse_refresh(ids integer[], outputs text[]) RETURNS void
      LANGUAGE sql AS $$
        DELETE FROM dashboard_reuse_project WHERE project_id = ANY(ids);
        INSERT INTO dashboard_reuse_project (k, project_id, links)
        SELECT sc.k, rl.project_id, count(*)
        FROM reuse_link rl JOIN project p ON p.id = rl.project_id
        CROSS JOIN LATERAL unnest(ARRAY[0, p.programme_id]) sc(k)
        WHERE rl.project_id = ANY(ids)
        GROUP BY 1, 2;
        DELETE FROM dashboard_reuse_output WHERE output = ANY(outputs);
        INSERT INTO dashboard_reuse_output (k, output, source_project_id, source_output, links, projects, organisations)
        WITH rl AS MATERIALIZED (
          SELECT rl.id, rl.project_id, rl.source_project_id,
                 CASE WHEN rl.source_project_id IS NULL THEN rl.source_output END AS source_output,
                 dashboard_reuse_output_key(rl.source_project_id, rl.source_output) AS output
          FROM reuse_link rl
          WHERE rl.source_project_id = ANY(ARRAY(SELECT substr(o, 3)::int FROM unnest(outputs) o WHERE o LIKE 'p:%'))
             OR (rl.source_project_id IS NULL
                 AND rl.source_output = ANY(ARRAY(SELECT substr(o, 3) FROM unnest(outputs) o WHERE o LIKE 'o:%'))))
        SELECT sc.k, rl.output, min(rl.source_project_id), min(rl.source_output),
               count(DISTINCT rl.id), count(DISTINCT rl.project_id), count(DISTINCT pa.organisation_id)
        FROM rl JOIN project p ON p.id = rl.project_id
        CROSS JOIN LATERAL unnest(ARRAY[0, p.programme_id]) sc(k)
        LEFT JOIN participation pa ON pa.project_id = rl.project_id
        GROUP BY 1, 2 $$`);
    await q.query(`
      CREATE FUNCTION dashboard_reuse_on_links() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          PERFORM dashboard_reuse_refresh(ARRAY(SELECT DISTINCT project_id FROM new_rows),
            ARRAY(SELECT DISTINCT dashboard_reuse_output_key(source_project_id, source_output) FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM dashboard_reuse_refresh(ARRAY(SELECT DISTINCT project_id FROM old_rows),
            ARRAY(SELECT DISTINCT dashboard_reuse_output_key(source_project_id, source_output) FROM old_rows));
        ELSE
          PERFORM dashboard_reuse_refresh(
            ARRAY(SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows),
            ARRAY(SELECT dashboard_reuse_output_key(source_project_id, source_output) FROM new_rows
                  UNION SELECT dashboard_reuse_output_key(source_project_id, source_output) FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    // A participant of a reusing project changes the outputs' organisations.
    await q.query(`
      CREATE FUNCTION dashboard_reuse_on_participation() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids integer[];
      BEGIN
        IF dashboard_bulk() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          ids := ARRAY(SELECT DISTINCT project_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
          ids := ARRAY(SELECT DISTINCT project_id FROM old_rows);
        ELSE
          ids := ARRAY(SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows);
        END IF;
        PERFORM dashboard_reuse_refresh('{}', ARRAY(
          SELECT DISTINCT dashboard_reuse_output_key(rl.source_project_id, rl.source_output)
          FROM reuse_link rl WHERE rl.project_id = ANY(ids)));
        RETURN NULL;
      END $$`);

    // Named after the counters' triggers, so that they fire after them (alphabetical order):
    // the bounds are read from the counters.
    for (const [table, fn] of [
      ['project', 'dashboard_pairs_on_project'],
      ['project_topic', 'dashboard_pairs_on_topics'],
      ['reuse_link', 'dashboard_reuse_on_links'],
      ['participation', 'dashboard_reuse_on_participation'],
    ]) {
      const name =
        fn === 'dashboard_pairs_on_project' || fn === 'dashboard_pairs_on_topics'
          ? 'similar_pairs'
          : 'reuse';
      await q.query(
        `CREATE TRIGGER ${table}_${name}_insert AFTER INSERT ON ${table}
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_${name}_update AFTER UPDATE ON ${table}
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_${name}_delete AFTER DELETE ON ${table}
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }

    // A project's deletion cascades to its commitments after the project's own triggers have
    // taken its kept facts out, so the commitments' trigger cannot find its programme (and skips
    // a commitment whose project is gone). Each deleted project's commitments are taken out here,
    // before the row goes; one between two deleted projects by the first of them.
    await q.query(`
      CREATE FUNCTION dashboard_on_project_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF dashboard_bulk() THEN RETURN OLD; END IF;
        PERFORM dashboard_commitments_changed(-1, ARRAY(
          SELECT c FROM cooperation_commitment c
          WHERE (c.project_a_id = OLD.id AND EXISTS (SELECT 1 FROM project p WHERE p.id = c.project_b_id))
             OR (c.project_b_id = OLD.id AND EXISTS (SELECT 1 FROM project p WHERE p.id = c.project_a_id))));
        RETURN OLD;
      END $$`);
    await q.query(`
      CREATE TRIGGER project_dashboard_deleting BEFORE DELETE ON project
      FOR EACH ROW EXECUTE FUNCTION dashboard_on_project_deleting()`);

    // The counters' rebuild keeps its body; the rebuild of everything calls it first.
    await q.query(`ALTER FUNCTION dashboard_rebuild() RENAME TO dashboard_rebuild_counters`);
    await q.query(`
      CREATE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE g integer;
      BEGIN
        PERFORM dashboard_rebuild_counters();
        TRUNCATE dashboard_similar_pair, dashboard_pair_programme, dashboard_reuse_output, dashboard_reuse_project;
        FOR g IN SELECT id FROM programme ORDER BY id LOOP
          IF dashboard_pairs_within_bounds(g) THEN
            PERFORM dashboard_pairs_build(g);
          ELSE
            INSERT INTO dashboard_pair_programme (programme_id, maintained) VALUES (g, false);
          END IF;
        END LOOP;
        PERFORM dashboard_reuse_refresh(
          ARRAY(SELECT DISTINCT project_id FROM reuse_link),
          ARRAY(SELECT DISTINCT dashboard_reuse_output_key(source_project_id, source_output) FROM reuse_link));
      END $$`);

    // TRUNCATE has no transition rows: every kept figure is rebuilt in its transaction (cheap
    // when the truncation emptied what the figures count; a bulk load sets dashboard_bulk).
    await q.query(`
      CREATE FUNCTION dashboard_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT dashboard_bulk() THEN PERFORM dashboard_rebuild(); END IF;
        RETURN NULL;
      END $$`);
    for (const table of TRUNCATED)
      await q.query(
        `CREATE TRIGGER ${table}_dashboard_truncate AFTER TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION dashboard_on_truncate()`,
      );

    await q.query(`SELECT dashboard_rebuild()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of TRUNCATED)
      await q.query(`DROP TRIGGER ${table}_dashboard_truncate ON ${table}`);
    await q.query(`DROP TRIGGER project_dashboard_deleting ON project`);
    for (const [table, name] of [
      ['project', 'similar_pairs'],
      ['project_topic', 'similar_pairs'],
      ['reuse_link', 'reuse'],
      ['participation', 'reuse'],
    ])
      for (const op of ['insert', 'update', 'delete'])
        await q.query(`DROP TRIGGER ${table}_${name}_${op} ON ${table}`);
    for (const fn of [
      'dashboard_on_truncate()',
      'dashboard_on_project_deleting()',
      'dashboard_rebuild()',
      'dashboard_reuse_on_participation()',
      'dashboard_reuse_on_links()',
      'dashboard_reuse_refresh(integer[], text[])',
      'dashboard_reuse_output_key(integer, text)',
      'dashboard_pairs_on_topics()',
      'dashboard_pairs_on_project()',
      'dashboard_pairs_refresh(integer[], integer[])',
      'dashboard_pairs_score(integer, integer[])',
      'dashboard_pairs_build(integer)',
      'dashboard_pairs_within_bounds(integer)',
    ])
      await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`ALTER FUNCTION dashboard_rebuild_counters() RENAME TO dashboard_rebuild`);
    await q.query(`DROP TABLE dashboard_reuse_project`);
    await q.query(`DROP TABLE dashboard_reuse_output`);
    await q.query(`DROP TABLE dashboard_pair_programme`);
    await q.query(`DROP TABLE dashboard_similar_pair`);
  }
}

/** The tables the kept figures count. */
const TRUNCATED = [
  'project',
  'participation',
  'project_topic',
  'cooperation_commitment',
  'organisation',
  'programme',
  'reuse_link',
];
