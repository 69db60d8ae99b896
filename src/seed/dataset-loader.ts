import { DataSource, EntityManager } from 'typeorm';
import { readDataset } from './dataset-files';

export interface LoadSummary {
  programmes: number;
  municipalities: number;
  projects: number;
  participations: number;
  topics: number;
}

/** True when the database holds no dataset yet (a fresh database after migrations). */
export async function isDatasetMissing(ds: DataSource): Promise<boolean> {
  const rows: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM programme');
  return rows[0].n === 0;
}

/**
 * Loads data/ into the database in one transaction. Every write is an upsert
 * on the natural key (municipality code, programme code, topic slug, list
 * position), so loading twice adds nothing. With `replace`, participants and
 * topics of the dataset's projects are set to exactly what the files say;
 * rows that users recorded (commitments, reuse links, other projects) stay.
 */
export async function loadDataset(
  ds: DataSource,
  options: { replace?: boolean } = {},
): Promise<LoadSummary> {
  const data = readDataset();
  return ds.transaction(async (tx) => {
    const json = (rows: unknown[]) => JSON.stringify(rows);
    await tx.query(
      `INSERT INTO source (key, title, publisher, url, published_on, note)
       SELECT key, title, publisher, url, "publishedOn", note
       FROM jsonb_to_recordset($1::jsonb) AS x(key text, title text, publisher text, url text, "publishedOn" date, note text)
       ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher,
         url = EXCLUDED.url, published_on = EXCLUDED.published_on, note = EXCLUDED.note`,
      [json(data.sources)],
    );
    await tx.query(
      `INSERT INTO region (code, name_fi, name_sv, name_en)
       SELECT code, "nameFi", "nameSv", "nameEn" FROM jsonb_to_recordset($1::jsonb)
         AS x(code text, "nameFi" text, "nameSv" text, "nameEn" text)
       ON CONFLICT (code) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv, name_en = EXCLUDED.name_en`,
      [json(data.regions)],
    );
    await tx.query(
      `INSERT INTO organisation (kind, code, name_fi, name_sv, name_en, region_code, language_status, population2019, source_key)
       SELECT 'MUNICIPALITY', code, "nameFi", "nameSv", "nameEn", "regionCode", "languageStatus"::language_status, "population2019", "sourceKey"
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, "nameFi" text, "nameSv" text, "nameEn" text,
         "regionCode" text, "languageStatus" text, "population2019" int, "sourceKey" text)
       ON CONFLICT (code) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv,
         name_en = EXCLUDED.name_en, region_code = EXCLUDED.region_code, language_status = EXCLUDED.language_status,
         population2019 = EXCLUDED.population2019, source_key = EXCLUDED.source_key`,
      [json(data.municipalities)],
    );
    await tx.query(
      `UPDATE organisation o SET merged_into_id = s.id, merged_on = x."mergedOn"
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, "successorCode" text, "mergedOn" date)
       JOIN organisation s ON s.code = x."successorCode"
       WHERE o.code = x.code`,
      [json(data.mergers)],
    );
    await upsertJointAuthorities(tx, data.jointAuthorities);
    await tx.query(
      `INSERT INTO programme (code, name_fi, name_sv, name_en, call_opened_on, call_closed_on, decided_on, decided_year,
         applications_received, projects_granted, project_list_complete, budget_eur, granted_total_eur,
         completion_deadline, min_participants, max_grant_share, reuse_duty, cooperation_duty, themes, exclusions,
         provenance)
       SELECT code, "nameFi", "nameSv", "nameEn", "callOpenedOn", "callClosedOn", "decidedOn", "decidedYear",
         "applicationsReceived", "projectsGranted", "projectListComplete", "budgetEur", "grantedTotalEur",
         "completionDeadline", "minParticipants", "maxGrantShare", "reuseDuty", "cooperationDuty",
         (SELECT array_agg(t) FROM jsonb_array_elements_text(themes) t),
         (SELECT array_agg(t) FROM jsonb_array_elements_text(exclusions) t), provenance
       FROM jsonb_to_recordset($1::jsonb) AS x(ord int, code text, "nameFi" text, "nameSv" text, "nameEn" text,
         "callOpenedOn" date, "callClosedOn" date, "decidedOn" date, "decidedYear" int, "applicationsReceived" int,
         "projectsGranted" int, "projectListComplete" boolean, "budgetEur" numeric, "grantedTotalEur" numeric,
         "completionDeadline" date, "minParticipants" int, "maxGrantShare" numeric,
         "reuseDuty" boolean, "cooperationDuty" boolean, themes jsonb, exclusions jsonb, provenance jsonb)
       ORDER BY ord -- ids follow the file
       ON CONFLICT (code) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv,
         name_en = EXCLUDED.name_en, call_opened_on = EXCLUDED.call_opened_on, call_closed_on = EXCLUDED.call_closed_on,
         decided_on = EXCLUDED.decided_on, decided_year = EXCLUDED.decided_year,
         applications_received = EXCLUDED.applications_received, projects_granted = EXCLUDED.projects_granted,
         project_list_complete = EXCLUDED.project_list_complete, budget_eur = EXCLUDED.budget_eur,
         granted_total_eur = EXCLUDED.granted_total_eur, completion_deadline = EXCLUDED.completion_deadline,
         min_participants = EXCLUDED.min_participants, max_grant_share = EXCLUDED.max_grant_share,
         reuse_duty = EXCLUDED.reuse_duty, cooperation_duty = EXCLUDED.cooperation_duty,
         themes = EXCLUDED.themes, exclusions = EXCLUDED.exclusions, provenance = EXCLUDED.provenance`,
      [json(data.programmes.map((p, ord) => ({ ...p, ord })))],
    );
    await tx.query(
      `INSERT INTO topic (slug, name_fi, name_sv, name_en, description, description_fi, description_sv, source_key)
       SELECT slug, "nameFi", "nameSv", "nameEn", description, "descriptionFi", "descriptionSv", "sourceKey"
       FROM jsonb_to_recordset($1::jsonb) AS x(slug text, "nameFi" text, "nameSv" text, "nameEn" text,
         description text, "descriptionFi" text, "descriptionSv" text, "sourceKey" text)
       ON CONFLICT (slug) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv,
         name_en = EXCLUDED.name_en, description = EXCLUDED.description,
         description_fi = EXCLUDED.description_fi, description_sv = EXCLUDED.description_sv,
         source_key = EXCLUDED.source_key`,
      [json(data.topics)],
    );
    // Returns the id of every dataset project, keyed by its dataset key.
    const projectIds: { key: string; id: number }[] = await tx.query(
      `INSERT INTO project (dataset_key, programme_id, category, list_position, title_sv, title_fi, description,
         period, start_date, end_date, grant_eur, grant_is_maximum, participants_known, provenance)
       SELECT x.key, p.id, x.category::project_category, x."listPosition", x."titleSv", x."titleFi", x.description,
         x.period, x."startDate", x."endDate", x."grantEur", x."grantIsMaximum", x."participantsKnown", x.provenance
       FROM jsonb_to_recordset($1::jsonb) AS x(ord int, key text, "programmeCode" text, category text,
         "listPosition" int, "titleSv" text, "titleFi" text, description text, period text, "startDate" date,
         "endDate" date, "grantEur" numeric, "grantIsMaximum" boolean, "participantsKnown" boolean, provenance jsonb)
       JOIN programme p ON p.code = x."programmeCode"
       ORDER BY x.ord -- ids follow the published list order
       ON CONFLICT (dataset_key) DO UPDATE SET programme_id = EXCLUDED.programme_id, category = EXCLUDED.category,
         list_position = EXCLUDED.list_position, title_sv = EXCLUDED.title_sv, title_fi = EXCLUDED.title_fi,
         description = EXCLUDED.description, period = EXCLUDED.period, start_date = EXCLUDED.start_date,
         end_date = EXCLUDED.end_date, grant_eur = EXCLUDED.grant_eur, grant_is_maximum = EXCLUDED.grant_is_maximum,
         participants_known = EXCLUDED.participants_known, provenance = EXCLUDED.provenance
       RETURNING dataset_key AS key, id`,
      [json(data.projects.map((p, ord) => ({ ...p, ord })))],
    );
    const ids = projectIds.map((p) => p.id);
    if (options.replace) {
      await tx.query('DELETE FROM participation WHERE project_id = ANY($1)', [ids]);
      await tx.query('DELETE FROM project_topic WHERE project_id = ANY($1)', [ids]);
    }
    // Outputs come only from data/, so they are always set to exactly what the files say.
    await tx.query('DELETE FROM project_output WHERE project_id = ANY($1)', [ids]);
    const idByKey = new Map(projectIds.map((p) => [p.key, p.id]));
    await tx.query(
      `INSERT INTO participation (project_id, organisation_id, role, source_key)
       SELECT x."projectId", o.id, x.role::participant_role, x."sourceKey"
       FROM jsonb_to_recordset($1::jsonb) AS x("projectId" int, "municipalityCode" text, role text, "sourceKey" text)
       JOIN organisation o ON o.code = x."municipalityCode"
       ON CONFLICT (project_id, organisation_id) DO UPDATE SET role = EXCLUDED.role, source_key = EXCLUDED.source_key`,
      [json(data.participants.map((p) => ({ ...p, projectId: idByKey.get(p.projectKey) })))],
    );
    await tx.query(
      `INSERT INTO project_topic (project_id, topic_id, source_key)
       SELECT x."projectId", t.id, x."sourceKey"
       FROM jsonb_to_recordset($1::jsonb) AS x("projectId" int, "topicSlug" text, "sourceKey" text)
       JOIN topic t ON t.slug = x."topicSlug"
       ON CONFLICT (project_id, topic_id) DO UPDATE SET source_key = EXCLUDED.source_key`,
      [json(data.projectTopics.map((p) => ({ ...p, projectId: idByKey.get(p.projectKey) })))],
    );
    await tx.query(
      `INSERT INTO project_output (project_id, position, title, description, published_at, source_key)
       SELECT x."projectId", x.position, x.title, x.description, x."publishedAt", x."sourceKey"
       FROM jsonb_to_recordset($1::jsonb) AS x("projectId" int, position int, title text, description text,
         "publishedAt" text, "sourceKey" text)`,
      [json(data.outputs.map((o) => ({ ...o, projectId: idByKey.get(o.projectKey) })))],
    );
    return {
      programmes: data.programmes.length,
      municipalities: data.municipalities.length,
      projects: data.projects.length,
      participations: data.participants.length,
      topics: data.topics.length,
    };
  });
}

async function upsertJointAuthorities(
  tx: EntityManager,
  rows: ReturnType<typeof readDataset>['jointAuthorities'],
) {
  for (const ja of rows) {
    // Joint authorities have no natural key in the dataset but their Finnish name.
    const [row]: { id: number }[] = await tx.query(
      `WITH existing AS (SELECT id FROM organisation WHERE kind = 'JOINT_AUTHORITY' AND name_fi = $1),
       inserted AS (
         INSERT INTO organisation (kind, name_fi, name_sv, name_en, source_key)
         SELECT 'JOINT_AUTHORITY', $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM existing) RETURNING id)
       SELECT id FROM existing UNION ALL SELECT id FROM inserted`,
      [ja.nameFi, ja.nameSv, ja.nameEn, ja.sourceKey],
    );
    await tx.query(
      `INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key)
       SELECT $1, id, $3 FROM organisation WHERE code = ANY($2) ON CONFLICT DO NOTHING`,
      [row.id, ja.memberCodes, ja.sourceKey],
    );
  }
}
