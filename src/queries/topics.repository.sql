-- The SQL that TopicsRepository sends, from src/topics/sql/topics.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- TopicsRepository.byIds (may be answered by a replica)
--   $1: ids
SELECT t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv", t.name_en AS "nameEn",
       t.description, t.description_fi AS "descriptionFi", t.description_sv AS "descriptionSv",
       t.source_key AS "sourceKey", t.synthetic
  FROM topic t
 WHERE t.id = ANY($1::int[]);

-- TopicsRepository.bySlug (may be answered by a replica)
--   $1: slug
SELECT t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv", t.name_en AS "nameEn",
       t.description, t.description_fi AS "descriptionFi", t.description_sv AS "descriptionSv",
       t.source_key AS "sourceKey", t.synthetic
  FROM topic t
 WHERE t.slug = $1::text;

-- TopicsRepository.pageForward (may be answered by a replica)
--   $1: after slug
--   $2: before slug
--   $3: limit
SELECT t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv", t.name_en AS "nameEn",
       t.description, t.description_fi AS "descriptionFi", t.description_sv AS "descriptionSv",
       t.source_key AS "sourceKey", t.synthetic
  FROM topic t
 WHERE ($1::text IS NULL OR t.slug > $1) AND ($2::text IS NULL OR t.slug < $2)
 ORDER BY t.slug
 LIMIT $3::int;

-- TopicsRepository.pageBackward (may be answered by a replica)
--   $1: after slug
--   $2: before slug
--   $3: limit
SELECT t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv", t.name_en AS "nameEn",
       t.description, t.description_fi AS "descriptionFi", t.description_sv AS "descriptionSv",
       t.source_key AS "sourceKey", t.synthetic
  FROM topic t
 WHERE ($1::text IS NULL OR t.slug > $1) AND ($2::text IS NULL OR t.slug < $2)
 ORDER BY t.slug DESC
 LIMIT $3::int;

-- TopicsRepository.count (may be answered by a replica)
SELECT count(*)::int AS n FROM topic;

-- TopicsRepository.insert
--   $1: slug
--   $2: nameFi
--   $3: nameSv
--   $4: nameEn
--   $5: description
--   $6: descriptionFi
--   $7: descriptionSv
INSERT INTO topic AS t (slug, name_fi, name_sv, name_en, description, description_fi, description_sv, source_key)
VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, 'api')
ON CONFLICT (slug) DO NOTHING
RETURNING t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv", t.name_en AS "nameEn",
       t.description, t.description_fi AS "descriptionFi", t.description_sv AS "descriptionSv",
       t.source_key AS "sourceKey", t.synthetic;
