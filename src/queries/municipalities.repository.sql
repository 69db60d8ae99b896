-- The SQL that MunicipalitiesRepository sends, from src/municipalities/sql/municipalities.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- MunicipalitiesRepository.byCode (may be answered by a replica)
--   $1: code
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
     o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
     o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
     o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
     o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.code = $1::text AND o.kind = 'MUNICIPALITY';

-- MunicipalitiesRepository.pageForward (may be answered by a replica)
--   $1: region code
--   $2: language status
--   $3: name search (LIKE-escaped)
--   $4: after code
--   $5: before code
--   $6: limit
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
     o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
     o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
     o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
     o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.kind = 'MUNICIPALITY'
 AND ($1::text IS NULL OR o.region_code = $1)
 AND ($2::language_status IS NULL OR o.language_status = $2)
 AND ($3::text IS NULL OR fold_name(o.name_fi || ' ' || coalesce(o.name_sv, '') || ' ' || coalesce(o.name_en, ''))
                          LIKE '%' || fold_name($3) || '%')
   AND ($4::text IS NULL OR o.code > $4) AND ($5::text IS NULL OR o.code < $5)
 ORDER BY o.code
 LIMIT $6::int;

-- MunicipalitiesRepository.pageBackward (may be answered by a replica)
--   $1: region code
--   $2: language status
--   $3: name search (LIKE-escaped)
--   $4: after code
--   $5: before code
--   $6: limit
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
     o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
     o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
     o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
     o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.kind = 'MUNICIPALITY'
 AND ($1::text IS NULL OR o.region_code = $1)
 AND ($2::language_status IS NULL OR o.language_status = $2)
 AND ($3::text IS NULL OR fold_name(o.name_fi || ' ' || coalesce(o.name_sv, '') || ' ' || coalesce(o.name_en, ''))
                          LIKE '%' || fold_name($3) || '%')
   AND ($4::text IS NULL OR o.code > $4) AND ($5::text IS NULL OR o.code < $5)
 ORDER BY o.code DESC
 LIMIT $6::int;

-- MunicipalitiesRepository.count (may be answered by a replica)
--   $1: region code
--   $2: language status
--   $3: name search (LIKE-escaped)
SELECT count(*)::int AS n
  FROM organisation o
 WHERE o.kind = 'MUNICIPALITY'
 AND ($1::text IS NULL OR o.region_code = $1)
 AND ($2::language_status IS NULL OR o.language_status = $2)
 AND ($3::text IS NULL OR fold_name(o.name_fi || ' ' || coalesce(o.name_sv, '') || ' ' || coalesce(o.name_en, ''))
                          LIKE '%' || fold_name($3) || '%');

-- MunicipalitiesRepository.regions (may be answered by a replica)
SELECT r.code, r.name_fi AS "nameFi", r.name_sv AS "nameSv", r.name_en AS "nameEn"
  FROM region r
 ORDER BY r.code;

-- MunicipalitiesRepository.regionsByCodes (may be answered by a replica)
--   $1: codes
SELECT r.code, r.name_fi AS "nameFi", r.name_sv AS "nameSv", r.name_en AS "nameEn"
  FROM region r
 WHERE r.code = ANY($1::text[]);
