-- The SQL that ProjectsRepository sends, from src/projects/sql/projects.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- ProjectsRepository.byIds (may be answered by a replica)
--   $1: ids
SELECT p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
       p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
       p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
       p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
       p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
       p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM project p
 WHERE p.id = ANY($1::int[]);

-- ProjectsRepository.byListing (may be answered by a replica)
--   $1: programme code
--   $2: category
--   $3: list position
SELECT p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
       p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
       p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
       p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
       p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
       p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM project p
  JOIN programme pr ON pr.id = p.programme_id
 WHERE pr.code = $1 AND p.category = $2::project_category AND p.list_position = $3;

-- ProjectsRepository.filterKeys (may be answered by a replica)
--   $1: programme code
--   $2: topic slug
--   $3: municipality code
SELECT (SELECT id FROM programme WHERE code = $1::text) AS "programmeId",
       (SELECT id FROM topic WHERE slug = $2::text) AS "topicId",
       (SELECT id FROM organisation WHERE code = $3::text AND kind = 'MUNICIPALITY') AS "municipalityId";

-- ProjectsRepository.pageForward (may be answered by a replica)
--   $1: programmeId
--   $2: category
--   $3: status
--   $4: topicId
--   $5: organisationIds (all take part)
--   $6: search
--   $7: after id
--   $8: before id
--   $9: limit
SELECT p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
       p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
       p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
       p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
       p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
       p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM project p
 WHERE ($1::int IS NULL OR p.programme_id = $1)
   AND ($2::project_category IS NULL OR p.category = $2)
   AND ($3::project_status IS NULL OR p.status = $3)
   AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $4))
   AND ($5::int[] IS NULL OR NOT EXISTS (
         SELECT 1 FROM unnest($5::int[]) AS wanted(organisation_id)
          WHERE NOT EXISTS (SELECT 1 FROM participation pa
                             WHERE pa.project_id = p.id AND pa.organisation_id = wanted.organisation_id)))
   AND ($6::text IS NULL OR p.id IN (
         SELECT s.id FROM project s
          WHERE project_search_document(s.title_sv, s.title_fi, s.title_en, s.description) @@ (websearch_to_tsquery('pg_catalog.finnish', $6)
          || websearch_to_tsquery('pg_catalog.swedish', $6)
          || websearch_to_tsquery('pg_catalog.english', $6))
         UNION
         SELECT pt.project_id FROM project_topic pt JOIN topic t ON t.id = pt.topic_id
          WHERE topic_search_document(t.name_fi, t.name_sv, t.name_en,
                  t.description_fi, t.description_sv, t.description) @@ (websearch_to_tsquery('pg_catalog.finnish', $6)
          || websearch_to_tsquery('pg_catalog.swedish', $6)
          || websearch_to_tsquery('pg_catalog.english', $6))))
   AND ($7::int IS NULL OR p.id > $7) AND ($8::int IS NULL OR p.id < $8)
 ORDER BY p.id
 LIMIT $9;

-- ProjectsRepository.pageBackward (may be answered by a replica)
--   $1: programmeId
--   $2: category
--   $3: status
--   $4: topicId
--   $5: organisationIds (all take part)
--   $6: search
--   $7: after id
--   $8: before id
--   $9: limit
SELECT p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
       p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
       p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
       p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
       p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
       p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM project p
 WHERE ($1::int IS NULL OR p.programme_id = $1)
   AND ($2::project_category IS NULL OR p.category = $2)
   AND ($3::project_status IS NULL OR p.status = $3)
   AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $4))
   AND ($5::int[] IS NULL OR NOT EXISTS (
         SELECT 1 FROM unnest($5::int[]) AS wanted(organisation_id)
          WHERE NOT EXISTS (SELECT 1 FROM participation pa
                             WHERE pa.project_id = p.id AND pa.organisation_id = wanted.organisation_id)))
   AND ($6::text IS NULL OR p.id IN (
         SELECT s.id FROM project s
          WHERE project_search_document(s.title_sv, s.title_fi, s.title_en, s.description) @@ (websearch_to_tsquery('pg_catalog.finnish', $6)
          || websearch_to_tsquery('pg_catalog.swedish', $6)
          || websearch_to_tsquery('pg_catalog.english', $6))
         UNION
         SELECT pt.project_id FROM project_topic pt JOIN topic t ON t.id = pt.topic_id
          WHERE topic_search_document(t.name_fi, t.name_sv, t.name_en,
                  t.description_fi, t.description_sv, t.description) @@ (websearch_to_tsquery('pg_catalog.finnish', $6)
          || websearch_to_tsquery('pg_catalog.swedish', $6)
          || websearch_to_tsquery('pg_catalog.english', $6))))
   AND ($7::int IS NULL OR p.id > $7) AND ($8::int IS NULL OR p.id < $8)
 ORDER BY p.id DESC
 LIMIT $9;

-- ProjectsRepository.count (may be answered by a replica)
--   $1: programmeId
--   $2: category
--   $3: status
--   $4: topicId
--   $5: organisationIds (all take part)
--   $6: search
SELECT count(*)::int AS n
  FROM project p
 WHERE ($1::int IS NULL OR p.programme_id = $1)
   AND ($2::project_category IS NULL OR p.category = $2)
   AND ($3::project_status IS NULL OR p.status = $3)
   AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $4))
   AND ($5::int[] IS NULL OR NOT EXISTS (
         SELECT 1 FROM unnest($5::int[]) AS wanted(organisation_id)
          WHERE NOT EXISTS (SELECT 1 FROM participation pa
                             WHERE pa.project_id = p.id AND pa.organisation_id = wanted.organisation_id)))
   AND ($6::text IS NULL OR p.id IN (
         SELECT s.id FROM project s
          WHERE project_search_document(s.title_sv, s.title_fi, s.title_en, s.description) @@ (websearch_to_tsquery('pg_catalog.finnish', $6)
          || websearch_to_tsquery('pg_catalog.swedish', $6)
          || websearch_to_tsquery('pg_catalog.english', $6))
         UNION
         SELECT pt.project_id FROM project_topic pt JOIN topic t ON t.id = pt.topic_id
          WHERE topic_search_document(t.name_fi, t.name_sv, t.name_en,
                  t.description_fi, t.description_sv, t.description) @@ (websearch_to_tsquery('pg_catalog.finnish', $6)
          || websearch_to_tsquery('pg_catalog.swedish', $6)
          || websearch_to_tsquery('pg_catalog.english', $6))));

-- ProjectsRepository.participantsOfProjects (may be answered by a replica)
--   $1: project ids
SELECT pa.project_id AS "projectId",
       json_agg(json_build_object(
         'organisationId', pa.organisation_id, 'role', pa.role, 'sourceKey', pa.source_key,
         'organisation', json_build_object(
           'id', o.id, 'kind', o.kind, 'code', o.code, 'nameFi', o.name_fi, 'nameSv', o.name_sv,
           'nameEn', o.name_en, 'regionCode', o.region_code, 'languageStatus', o.language_status,
           'population2019', o.population2019, 'mergedIntoId', o.merged_into_id,
           'mergedOn', o.merged_on, 'sourceKey', o.source_key, 'synthetic', o.synthetic,
           'version', o.version),
         'region', CASE WHEN r.code IS NOT NULL THEN json_build_object(
           'code', r.code, 'nameFi', r.name_fi, 'nameSv', r.name_sv, 'nameEn', r.name_en) END)
         ORDER BY pa.role = 'LEAD' DESC, pa.organisation_id) AS participants
  FROM participation pa
  JOIN organisation o ON o.id = pa.organisation_id
  LEFT JOIN region r ON r.code = o.region_code
 WHERE pa.project_id = ANY($1::int[])
 GROUP BY pa.project_id;

-- ProjectsRepository.participationsOfOrganisations (may be answered by a replica)
--   $1: organisation ids
--   $2: limit per organisation
SELECT ranked."projectId", ranked."organisationId", ranked.role, ranked."sourceKey",
       p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
       p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
       p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
       p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
       p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
       p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM (SELECT pa.project_id AS "projectId", pa.organisation_id AS "organisationId", pa.role,
               pa.source_key AS "sourceKey",
               row_number() OVER (PARTITION BY pa.organisation_id ORDER BY pa.project_id) AS n
          FROM participation pa
         WHERE pa.organisation_id = ANY($1::int[])) ranked
  JOIN project p ON p.id = ranked."projectId"
 WHERE ranked.n <= $2
 ORDER BY ranked."organisationId", ranked."projectId";

-- ProjectsRepository.participationsOfOrganisationsWithTopics (may be answered by a replica)
--   $1: organisation ids
--   $2: limit per organisation
SELECT ranked."projectId", ranked."organisationId", ranked.role, ranked."sourceKey",
       p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
       p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
       p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
       p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
       p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
       p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
       coalesce((SELECT json_agg(json_build_object(
                   'id', t.id, 'slug', t.slug, 'nameFi', t.name_fi, 'nameSv', t.name_sv,
                   'nameEn', t.name_en, 'description', t.description,
                   'sourceKey', t.source_key, 'synthetic', t.synthetic) ORDER BY t.id)
                   FROM project_topic pt
                   JOIN topic t ON t.id = pt.topic_id
                  WHERE pt.project_id = p.id), '[]') AS topics
  FROM (SELECT pa.project_id AS "projectId", pa.organisation_id AS "organisationId", pa.role,
               pa.source_key AS "sourceKey",
               row_number() OVER (PARTITION BY pa.organisation_id ORDER BY pa.project_id) AS n
          FROM participation pa
         WHERE pa.organisation_id = ANY($1::int[])) ranked
  JOIN project p ON p.id = ranked."projectId"
 WHERE ranked.n <= $2
 ORDER BY ranked."organisationId", ranked."projectId";

-- ProjectsRepository.participationCounts (may be answered by a replica)
--   $1: organisation ids
SELECT organisation_id AS id, count(*)::int AS n
  FROM participation
 WHERE organisation_id = ANY($1::int[])
 GROUP BY 1;

-- ProjectsRepository.topicsOfProjects (may be answered by a replica)
--   $1: project ids
SELECT pt.project_id AS "projectId",
       json_agg(json_build_object(
         'id', t.id, 'slug', t.slug, 'nameFi', t.name_fi, 'nameSv', t.name_sv, 'nameEn', t.name_en,
         'description', t.description, 'sourceKey', t.source_key, 'synthetic', t.synthetic)
         ORDER BY t.id) AS topics
  FROM project_topic pt
  JOIN topic t ON t.id = pt.topic_id
 WHERE pt.project_id = ANY($1::int[])
 GROUP BY pt.project_id;

-- ProjectsRepository.projectCountsByTopic (may be answered by a replica)
--   $1: topic ids
SELECT topic_id AS id, count(*)::int AS n
  FROM project_topic
 WHERE topic_id = ANY($1::int[])
 GROUP BY 1;

-- ProjectsRepository.projectCountsByProgramme (may be answered by a replica)
--   $1: programme ids
SELECT programme_id AS id, count(*)::int AS n
  FROM project
 WHERE programme_id = ANY($1::int[])
 GROUP BY 1;
