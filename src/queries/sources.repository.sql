-- The SQL that SourcesRepository sends, from src/sources/sql/sources.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- SourcesRepository.byKeys (may be answered by a replica)
--   $1: keys
SELECT s.key, s.title, s.publisher, s.url, s.published_on AS "publishedOn", s.note
  FROM source s
 WHERE s.key = ANY($1::text[]);
