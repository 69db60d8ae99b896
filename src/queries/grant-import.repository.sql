-- The SQL that GrantImportRepository sends, from src/import/sql/grant-import.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- GrantImportRepository.alreadyImported
--   $1: source key of the file
SELECT EXISTS (SELECT 1 FROM participation WHERE source_key = $1)
    OR EXISTS (SELECT 1 FROM project WHERE provenance @> jsonb_build_object('status', $1::text))
       AS imported;

-- GrantImportRepository.organisationsByCode
--   $1: organisation codes
SELECT id, code FROM organisation WHERE code = ANY($1::text[]);

-- GrantImportRepository.topicsBySlug
--   $1: topic slugs
SELECT id, slug FROM topic WHERE slug = ANY($1::text[]);

-- GrantImportRepository.takenListings
--   $1: programme id
SELECT id, category, list_position AS "listPosition"
  FROM project
 WHERE programme_id = $1 AND list_position IS NOT NULL;

-- GrantImportRepository.addCitedSources
--   $1: addresses
--   $2: titles (null: none given)
--   $3: source key of the file
INSERT INTO source (key, title, url, note)
SELECT 'url-' || left(encode(sha256(convert_to(u, 'UTF8')), 'hex'), 12), coalesce(t, u), u,
       'Cited by rows of the import ' || $3::text || '.'
  FROM unnest($1::text[], $2::text[]) AS x(u, t)
 WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.url = x.u)
    ON CONFLICT (key) DO NOTHING;

-- GrantImportRepository.sourcesByUrl
--   $1: addresses
SELECT DISTINCT ON (url) url, key FROM source WHERE url = ANY($1::text[]) ORDER BY url, key;

-- GrantImportRepository.upsertSource
--   $1: key
--   $2: title
--   $3: publisher
--   $4: url
--   $5: published on
--   $6: note
INSERT INTO source (key, title, publisher, url, published_on, note)
VALUES ($1, $2, $3, $4, $5::date, $6)
    ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher,
       url = EXCLUDED.url, published_on = EXCLUDED.published_on, note = EXCLUDED.note
RETURNING key, title, publisher, url, published_on AS "publishedOn", note;
