-- The SQL that ProjectWritesRepository sends, from src/projects/sql/project-writes.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- ProjectWritesRepository.accessOf
--   $1: project ids
SELECT p.id, p.programme_id AS "programmeId", p.status, p.version,
       COALESCE((SELECT array_agg(pa.organisation_id ORDER BY pa.organisation_id)
                   FROM participation pa WHERE pa.project_id = p.id), '{}') AS "participantIds"
  FROM project p
 WHERE p.id = ANY($1::int[])
 ORDER BY p.id;

-- ProjectWritesRepository.lock
--   $1: project id
SELECT id, programme_id AS "programmeId", category, list_position AS "listPosition",
       title_sv AS "titleSv", title_fi AS "titleFi", title_en AS "titleEn", description, status,
       start_date AS "startDate", end_date AS "endDate", period, dataset_key AS "datasetKey",
       grant_eur::float8 AS "grantEur", grant_is_maximum AS "grantIsMaximum",
       participants_known AS "participantsKnown", provenance, synthetic,
       deadline_override_reason AS "deadlineOverrideReason", version,
       created_at AS "createdAt", updated_at AS "updatedAt",
       COALESCE((SELECT json_agg(json_build_object('organisationId', pa.organisation_id, 'role', pa.role)
                                 ORDER BY pa.organisation_id)
                   FROM participation pa WHERE pa.project_id = project.id), '[]') AS participants
  FROM project
 WHERE id = $1
   FOR UPDATE;

-- ProjectWritesRepository.existingOrganisations
--   $1: organisation ids
SELECT id FROM organisation WHERE id = ANY($1::int[]);

-- ProjectWritesRepository.existingTopics
--   $1: topic ids
SELECT id FROM topic WHERE id = ANY($1::int[]);

-- ProjectWritesRepository.listingHolder
--   $1: programme id
--   $2: category
--   $3: list position
SELECT id FROM project
 WHERE programme_id = $1 AND category = $2::project_category AND list_position = $3;

-- ProjectWritesRepository.insert
--   $1: programme id
--   $2: category
--   $3: list position
--   $4: titleSv
--   $5: titleFi
--   $6: titleEn
--   $7: description
--   $8: status
--   $9: startDate
--   $10: endDate
--   $11: grantEur
--   $12: grantIsMaximum
--   $13: participantsKnown
--   $14: deadlineOverrideReason
--   $15: provenance { fact: source key }
--   $16: period
INSERT INTO project (programme_id, category, list_position, title_sv, title_fi, title_en,
                     description, status, start_date, end_date, grant_eur, grant_is_maximum,
                     participants_known, deadline_override_reason, provenance, period)
VALUES ($1, $2::project_category, $3, $4, $5, $6, $7, $8::project_status, $9::date, $10::date,
        $11::numeric, $12, $13, $14, $15::jsonb, $16)
RETURNING id, programme_id AS "programmeId", category, list_position AS "listPosition",
       title_sv AS "titleSv", title_fi AS "titleFi", title_en AS "titleEn", description, status,
       start_date AS "startDate", end_date AS "endDate", period, dataset_key AS "datasetKey",
       grant_eur::float8 AS "grantEur", grant_is_maximum AS "grantIsMaximum",
       participants_known AS "participantsKnown", provenance, synthetic,
       deadline_override_reason AS "deadlineOverrideReason", version,
       created_at AS "createdAt", updated_at AS "updatedAt";

-- ProjectWritesRepository.update
--   $1: project id
--   $2: fields set
--   $3: titleSv
--   $4: titleFi
--   $5: titleEn
--   $6: description
--   $7: category
--   $8: status
--   $9: startDate
--   $10: endDate
--   $11: grantEur
--   $12: grantIsMaximum
--   $13: participantsKnown
--   $14: deadlineOverrideReason
--   $15: facts cleared
--   $16: facts set { fact: source key }
UPDATE project SET
       title_sv = CASE WHEN 'titleSv' = ANY($2::text[]) THEN $3::text ELSE title_sv END,
       title_fi = CASE WHEN 'titleFi' = ANY($2::text[]) THEN $4::text ELSE title_fi END,
       title_en = CASE WHEN 'titleEn' = ANY($2::text[]) THEN $5::text ELSE title_en END,
       description = CASE WHEN 'description' = ANY($2::text[]) THEN $6::text ELSE description END,
       category = CASE WHEN 'category' = ANY($2::text[]) THEN $7::project_category ELSE category END,
       status = CASE WHEN 'status' = ANY($2::text[]) THEN $8::project_status ELSE status END,
       start_date = CASE WHEN 'startDate' = ANY($2::text[]) THEN $9::date ELSE start_date END,
       end_date = CASE WHEN 'endDate' = ANY($2::text[]) THEN $10::date ELSE end_date END,
       grant_eur = CASE WHEN 'grantEur' = ANY($2::text[]) THEN $11::numeric ELSE grant_eur END,
       grant_is_maximum = CASE WHEN 'grantIsMaximum' = ANY($2::text[]) THEN $12::boolean ELSE grant_is_maximum END,
       participants_known = CASE WHEN 'participantsKnown' = ANY($2::text[]) THEN $13::boolean ELSE participants_known END,
       deadline_override_reason = CASE WHEN 'deadlineOverrideReason' = ANY($2::text[]) THEN $14::text ELSE deadline_override_reason END,
       provenance = (provenance - $15::text[]) || $16::jsonb,
       version = version + 1, updated_at = now()
 WHERE id = $1
RETURNING id, programme_id AS "programmeId", category, list_position AS "listPosition",
       title_sv AS "titleSv", title_fi AS "titleFi", title_en AS "titleEn", description, status,
       start_date AS "startDate", end_date AS "endDate", period, dataset_key AS "datasetKey",
       grant_eur::float8 AS "grantEur", grant_is_maximum AS "grantIsMaximum",
       participants_known AS "participantsKnown", provenance, synthetic,
       deadline_override_reason AS "deadlineOverrideReason", version,
       created_at AS "createdAt", updated_at AS "updatedAt";

-- ProjectWritesRepository.bump
--   $1: project id
UPDATE project SET version = version + 1, updated_at = now()
 WHERE id = $1
RETURNING id, programme_id AS "programmeId", category, list_position AS "listPosition",
       title_sv AS "titleSv", title_fi AS "titleFi", title_en AS "titleEn", description, status,
       start_date AS "startDate", end_date AS "endDate", period, dataset_key AS "datasetKey",
       grant_eur::float8 AS "grantEur", grant_is_maximum AS "grantIsMaximum",
       participants_known AS "participantsKnown", provenance, synthetic,
       deadline_override_reason AS "deadlineOverrideReason", version,
       created_at AS "createdAt", updated_at AS "updatedAt";

-- ProjectWritesRepository.addParticipants
--   $1: project id
--   $2: organisation ids
--   $3: roles
--   $4: source keys
INSERT INTO participation (project_id, organisation_id, role, source_key)
SELECT $1::int, o, r::participant_role, s
  FROM unnest($2::int[], $3::text[], $4::text[]) AS t(o, r, s);

-- ProjectWritesRepository.removeParticipant
--   $1: project id
--   $2: organisation id
DELETE FROM participation WHERE project_id = $1 AND organisation_id = $2;

-- ProjectWritesRepository.topicIdsOf
--   $1: project id
SELECT topic_id AS "topicId" FROM project_topic WHERE project_id = $1 ORDER BY topic_id;

-- ProjectWritesRepository.addTopics
--   $1: project id
--   $2: topic ids
--   $3: source key
INSERT INTO project_topic (project_id, topic_id, source_key)
SELECT $1::int, unnest($2::int[]), $3::text;

-- ProjectWritesRepository.replaceTopics
--   $1: project id
--   $2: topic ids
--   $3: source key of the added
WITH gone AS (
  DELETE FROM project_topic WHERE project_id = $1 AND NOT (topic_id = ANY($2::int[])))
INSERT INTO project_topic (project_id, topic_id, source_key)
SELECT $1::int, unnest($2::int[]), $3::text
    ON CONFLICT DO NOTHING;
