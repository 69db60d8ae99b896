import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows are links of the collaboration network, with the ids a change touches. */
const LINK_TABLES: {
  table: string;
  projects: string[];
  organisations: string[];
  update?: string;
}[] = [
  { table: 'participation', projects: ['project_id'], organisations: ['organisation_id'] },
  {
    table: 'cooperation_commitment',
    projects: ['project_a_id', 'project_b_id'],
    organisations: [],
  },
  { table: 'reuse_link', projects: ['project_id', 'source_project_id'], organisations: [] },
  {
    table: 'joint_authority_member',
    projects: [],
    organisations: ['joint_authority_id', 'municipality_id'],
  },
  // Only whether its participant list is complete matters to the graph index.
  { table: 'project', projects: ['id'], organisations: [], update: 'participants_known' },
];

/**
 * The graph change feed (src/network/graph-index.service.ts): every statement that
 * changes a link table, whoever runs it (the API, an import, the seed loader, the
 * generator's COPY), queues one message in change_outbox in its own transaction,
 * numbered from graph_change_seq, naming the projects and organisations it touched
 * (or `full` for a bulk change of more than 5,000 rows, or TRUNCATE). The outbox
 * then carries it to every server instance.
 */
export class GraphChangeFeed1796400000000 implements MigrationInterface {
  name = 'GraphChangeFeed1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE "graph_change_seq"');
    // TG_ARGV[0]: project id columns, TG_ARGV[1]: organisation id columns (comma-separated).
    await queryRunner.query(`
      CREATE FUNCTION graph_change_message() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        rows_changed bigint := 0;
        projects int[] := '{}';
        organisations int[] := '{}';
        is_full boolean := TG_OP = 'TRUNCATE';
        col text;
        part int[];
        rel text;
      BEGIN
        IF TG_OP = 'UPDATE' AND TG_NARGS > 2 THEN
          -- Only rows whose TG_ARGV[2] column changed (a column list cannot go with transition tables).
          EXECUTE format('SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.%I IS DISTINCT FROM o.%I',
                         TG_ARGV[2], TG_ARGV[2]) INTO part;
          IF part IS NULL THEN RETURN NULL; END IF;
          is_full := cardinality(part) > 5000;
          projects := part;
        END IF;
        IF NOT is_full AND cardinality(projects) = 0 THEN
          FOREACH rel IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows']
                                ELSE ARRAY['new_rows', 'old_rows'] END LOOP
            EXECUTE format('SELECT count(*) FROM %I', rel) INTO rows_changed;
            IF rows_changed > 5000 THEN
              is_full := true;
              EXIT;
            END IF;
            IF rows_changed = 0 THEN CONTINUE; END IF;
            IF TG_ARGV[0] <> '' THEN
              FOREACH col IN ARRAY string_to_array(TG_ARGV[0], ',') LOOP
                EXECUTE format('SELECT array_agg(DISTINCT %I) FROM %I', col, rel) INTO part;
                projects := projects || coalesce(part, '{}');
              END LOOP;
            END IF;
            IF TG_ARGV[1] <> '' THEN
              FOREACH col IN ARRAY string_to_array(TG_ARGV[1], ',') LOOP
                EXECUTE format('SELECT array_agg(DISTINCT %I) FROM %I', col, rel) INTO part;
                organisations := organisations || coalesce(part, '{}');
              END LOOP;
            END IF;
          END LOOP;
          IF NOT is_full AND cardinality(projects) = 0 AND cardinality(organisations) = 0 THEN
            RETURN NULL;
          END IF;
        END IF;
        INSERT INTO change_outbox (payload) VALUES (json_build_object(
          'type', 'GraphChange',
          'change', TG_TABLE_NAME || '.' || lower(TG_OP),
          'programmeIds', '[]'::json,
          'object', json_build_object(
            'seq', nextval('graph_change_seq'),
            'full', is_full,
            'projects', CASE WHEN is_full THEN '{}' ELSE ARRAY(SELECT DISTINCT unnest(projects) ORDER BY 1) END,
            'organisations', CASE WHEN is_full THEN '{}' ELSE ARRAY(SELECT DISTINCT unnest(organisations) ORDER BY 1) END),
          'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text);
        RETURN NULL;
      END $fn$`);
    for (const t of LINK_TABLES) {
      const args = [
        t.projects.join(','),
        t.organisations.join(','),
        ...(t.update ? [t.update] : []),
      ]
        .map((a) => `'${a}'`)
        .join(', ');
      const name = (op: string) => `"${t.table}_graph_${op}"`;
      await queryRunner.query(
        `CREATE TRIGGER ${name('insert')} AFTER INSERT ON "${t.table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION graph_change_message(${args})`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${name('update')} AFTER UPDATE ON "${t.table}" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION graph_change_message(${args})`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${name('delete')} AFTER DELETE ON "${t.table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION graph_change_message(${args})`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${name('truncate')} AFTER TRUNCATE ON "${t.table}" FOR EACH STATEMENT EXECUTE FUNCTION graph_change_message(${args})`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of LINK_TABLES)
      for (const op of ['insert', 'update', 'delete', 'truncate'])
        await queryRunner.query(`DROP TRIGGER "${t.table}_graph_${op}" ON "${t.table}"`);
    await queryRunner.query('DROP FUNCTION graph_change_message()');
    await queryRunner.query('DROP SEQUENCE "graph_change_seq"');
  }
}
