-- The SQL that OrganisationsRepository sends, from src/organisations/sql/organisations.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- OrganisationsRepository.byIds (may be answered by a replica)
--   $1: ids
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.id = ANY($1::int[]);

-- OrganisationsRepository.jointAuthoritiesForward (may be answered by a replica)
--   $1: after id
--   $2: before id
--   $3: limit
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.kind = 'JOINT_AUTHORITY'
   AND ($1::int IS NULL OR o.id > $1) AND ($2::int IS NULL OR o.id < $2)
 ORDER BY o.id
 LIMIT $3::int;

-- OrganisationsRepository.jointAuthoritiesBackward (may be answered by a replica)
--   $1: after id
--   $2: before id
--   $3: limit
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.kind = 'JOINT_AUTHORITY'
   AND ($1::int IS NULL OR o.id > $1) AND ($2::int IS NULL OR o.id < $2)
 ORDER BY o.id DESC
 LIMIT $3::int;

-- OrganisationsRepository.jointAuthorityCount (may be answered by a replica)
SELECT count(*)::int AS n FROM organisation WHERE kind = 'JOINT_AUTHORITY';

-- OrganisationsRepository.membersOf (may be answered by a replica)
--   $1: joint authority ids
SELECT m.joint_authority_id AS "linkedId", o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM joint_authority_member m
  JOIN organisation o ON o.id = m.municipality_id
 WHERE m.joint_authority_id = ANY($1::int[])
 ORDER BY m.joint_authority_id, m.municipality_id;

-- OrganisationsRepository.membershipsOf (may be answered by a replica)
--   $1: municipality ids
SELECT m.municipality_id AS "linkedId", o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM joint_authority_member m
  JOIN organisation o ON o.id = m.joint_authority_id
 WHERE m.municipality_id = ANY($1::int[])
 ORDER BY m.municipality_id, m.joint_authority_id;

-- OrganisationsRepository.municipalityIds (may be answered by a replica)
--   $1: ids
SELECT id FROM organisation WHERE id = ANY($1::int[]) AND kind = 'MUNICIPALITY';

-- OrganisationsRepository.insertJointAuthority
--   $1: nameFi
--   $2: nameSv
--   $3: nameEn
INSERT INTO organisation AS o (kind, name_fi, name_sv, name_en, source_key)
VALUES ('JOINT_AUTHORITY', $1::text, $2::text, $3::text, 'api')
RETURNING o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt";

-- OrganisationsRepository.lockJointAuthority
--   $1: id
SELECT o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisation o
 WHERE o.id = $1::int AND o.kind = 'JOINT_AUTHORITY'
   FOR UPDATE;

-- OrganisationsRepository.updateJointAuthority
--   $1: id
--   $2: nameFi (null: keep)
--   $3: nameSv
--   $4: nameEn
--   $5: set nameSv
--   $6: set nameEn
UPDATE organisation AS o
   SET name_fi = COALESCE($2::text, o.name_fi),
       name_sv = CASE WHEN $5::boolean THEN $3::text ELSE o.name_sv END,
       name_en = CASE WHEN $6::boolean THEN $4::text ELSE o.name_en END,
       version = o.version + 1, updated_at = now()
 WHERE o.id = $1::int
RETURNING o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
       o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
       o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
       o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
       o.created_at AS "createdAt", o.updated_at AS "updatedAt";

-- OrganisationsRepository.memberIds (may be answered by a replica)
--   $1: joint authority id
SELECT municipality_id AS "municipalityId"
  FROM joint_authority_member
 WHERE joint_authority_id = $1::int
 ORDER BY 1;

-- OrganisationsRepository.removeOtherMembers
--   $1: joint authority id
--   $2: members to keep
DELETE FROM joint_authority_member
 WHERE joint_authority_id = $1::int AND NOT (municipality_id = ANY($2::int[]));

-- OrganisationsRepository.addMembers
--   $1: joint authority id
--   $2: members
INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key)
SELECT $1::int, unnest($2::int[]), 'api'
ON CONFLICT DO NOTHING;
