import { sql, statementSet } from '../../common/statements';

/**
 * Every statement of `loadDataset` (dataset-loader.ts): each takes the rows of one data/ file as
 * JSON and upserts them on their natural key. Rendered into src/queries/dataset-loader.sql by
 * `npm run sql`.
 */

export const DATASET_SQL = statementSet('dataset-loader', 'loadDataset', {
  /** Sources, by key. */
  upsertSources: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO source (key, title, publisher, url, published_on, note)
    SELECT key, title, publisher, url, "publishedOn", note
    FROM jsonb_to_recordset($1::jsonb) AS x(key text, title text, publisher text, url text, "publishedOn" date, note text)
    ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher,
      url = EXCLUDED.url, published_on = EXCLUDED.published_on, note = EXCLUDED.note`,
  ),

  /** Regions, by code. */
  upsertRegions: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO region (code, name_fi, name_sv, name_en)
    SELECT code, "nameFi", "nameSv", "nameEn" FROM jsonb_to_recordset($1::jsonb)
      AS x(code text, "nameFi" text, "nameSv" text, "nameEn" text)
    ON CONFLICT (code) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv, name_en = EXCLUDED.name_en`,
  ),

  /** Municipalities, by code. */
  upsertMunicipalities: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO organisation (kind, code, name_fi, name_sv, name_en, region_code, language_status, population2019, source_key)
    SELECT 'MUNICIPALITY', code, "nameFi", "nameSv", "nameEn", "regionCode", "languageStatus"::language_status, "population2019", "sourceKey"
    FROM jsonb_to_recordset($1::jsonb) AS x(code text, "nameFi" text, "nameSv" text, "nameEn" text,
      "regionCode" text, "languageStatus" text, "population2019" int, "sourceKey" text)
    ON CONFLICT (code) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv,
      name_en = EXCLUDED.name_en, region_code = EXCLUDED.region_code, language_status = EXCLUDED.language_status,
      population2019 = EXCLUDED.population2019, source_key = EXCLUDED.source_key`,
  ),

  /** Mergers: each merged municipality points to its successor. */
  setMergers: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    UPDATE organisation o SET merged_into_id = s.id, merged_on = x."mergedOn"
    FROM jsonb_to_recordset($1::jsonb) AS x(code text, "successorCode" text, "mergedOn" date)
    JOIN organisation s ON s.code = x."successorCode"
    WHERE o.code = x.code`,
  ),

  /** Programmes, by code; ids follow the file. */
  upsertProgrammes: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO programme (code, name_fi, name_sv, name_en, call_opened_on, call_closed_on, decided_on, decided_year,
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
  ),

  /** Topics, by slug. */
  upsertTopics: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO topic (slug, name_fi, name_sv, name_en, description, description_fi, description_sv, source_key)
    SELECT slug, "nameFi", "nameSv", "nameEn", description, "descriptionFi", "descriptionSv", "sourceKey"
    FROM jsonb_to_recordset($1::jsonb) AS x(slug text, "nameFi" text, "nameSv" text, "nameEn" text,
      description text, "descriptionFi" text, "descriptionSv" text, "sourceKey" text)
    ON CONFLICT (slug) DO UPDATE SET name_fi = EXCLUDED.name_fi, name_sv = EXCLUDED.name_sv,
      name_en = EXCLUDED.name_en, description = EXCLUDED.description,
      description_fi = EXCLUDED.description_fi, description_sv = EXCLUDED.description_sv,
      source_key = EXCLUDED.source_key`,
  ),

  /** Projects, by dataset key; returns the id of every dataset project. */
  upsertProjects: sql<{ key: string; id: number }, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO project (dataset_key, programme_id, category, list_position, title_sv, title_fi, description,
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
  ),

  /** With `replace`: the participants of the dataset projects go first. */
  deleteParticipations: sql<never, [projectIds: number[]]>(
    ['project ids'],
    `
    DELETE FROM participation WHERE project_id = ANY($1::int[])`,
  ),

  /** With `replace`: the topics of the dataset projects go first. */
  deleteProjectTopics: sql<never, [projectIds: number[]]>(
    ['project ids'],
    `
    DELETE FROM project_topic WHERE project_id = ANY($1::int[])`,
  ),

  /** Outputs come only from data/, so they are always set to exactly what the files say. */
  deleteOutputs: sql<never, [projectIds: number[]]>(
    ['project ids'],
    `
    DELETE FROM project_output WHERE project_id = ANY($1::int[])`,
  ),

  /** Participations, by project and municipality code. */
  upsertParticipations: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO participation (project_id, organisation_id, role, source_key)
    SELECT x."projectId", o.id, x.role::participant_role, x."sourceKey"
    FROM jsonb_to_recordset($1::jsonb) AS x("projectId" int, "municipalityCode" text, role text, "sourceKey" text)
    JOIN organisation o ON o.code = x."municipalityCode"
    ON CONFLICT (project_id, organisation_id) DO UPDATE SET role = EXCLUDED.role, source_key = EXCLUDED.source_key`,
  ),

  /** Project topics, by project and topic slug. */
  upsertProjectTopics: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO project_topic (project_id, topic_id, source_key)
    SELECT x."projectId", t.id, x."sourceKey"
    FROM jsonb_to_recordset($1::jsonb) AS x("projectId" int, "topicSlug" text, "sourceKey" text)
    JOIN topic t ON t.slug = x."topicSlug"
    ON CONFLICT (project_id, topic_id) DO UPDATE SET source_key = EXCLUDED.source_key`,
  ),

  /** Project outputs. */
  insertOutputs: sql<never, [rows: string]>(
    ['rows (JSON)'],
    `
    INSERT INTO project_output (project_id, position, title, description, published_at, source_key)
    SELECT x."projectId", x.position, x.title, x.description, x."publishedAt", x."sourceKey"
    FROM jsonb_to_recordset($1::jsonb) AS x("projectId" int, position int, title text, description text,
      "publishedAt" text, "sourceKey" text)`,
  ),

  count: sql<{ n: number }, []>([], `SELECT count(*)::int AS n FROM programme`),

  /** Joint authorities have no natural key in the dataset but their Finnish name. */
  upsertJointAuthority: sql<
    { id: number },
    [nameFi: string, nameSv: string | null, nameEn: string | null, sourceKey: string]
  >(
    ['nameFi', 'nameSv', 'nameEn', 'source key'],
    `
    WITH existing AS (SELECT id FROM organisation WHERE kind = 'JOINT_AUTHORITY' AND name_fi = $1::text),
    inserted AS (
      INSERT INTO organisation (kind, name_fi, name_sv, name_en, source_key)
      SELECT 'JOINT_AUTHORITY', $1::text, $2::text, $3::text, $4::text
       WHERE NOT EXISTS (SELECT 1 FROM existing)
      RETURNING id)
    SELECT id FROM existing UNION ALL SELECT id FROM inserted`,
  ),

  addJointAuthorityMembers: sql<
    never,
    [jointAuthorityId: number, memberCodes: string[], sourceKey: string]
  >(
    ['joint authority id', 'member municipality codes', 'source key'],
    `
    INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key)
    SELECT $1::int, id, $3::text FROM organisation WHERE code = ANY($2::text[])
    ON CONFLICT DO NOTHING`,
  ),
});
