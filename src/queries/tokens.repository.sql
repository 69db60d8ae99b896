-- The SQL that TokensRepository sends, from src/auth/sql/tokens.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- TokensRepository.byId
--   $1: token id
SELECT t.id, t.name, t.role, t.kind, t.secret_hash AS "secretHash",
       t.expires_at IS NOT NULL AND t.expires_at <= now() AS expired,
       t.revoked_at IS NOT NULL AS revoked,
       COALESCE(array_agg(m.organisation_id ORDER BY m.organisation_id)
                FILTER (WHERE m.organisation_id IS NOT NULL), '{}') AS "municipalityIds"
  FROM api_token t
  LEFT JOIN api_token_municipality m ON m.token_id = t.id
 WHERE t.id = $1::int
 GROUP BY t.id;

-- TokensRepository.list
SELECT t.id, t.name, t.role, t.kind, t.created_at AS "createdAt", t.expires_at AS "expiresAt",
       t.revoked_at AS "revokedAt", string_agg(o.code, ',' ORDER BY o.code) AS municipalities
  FROM api_token t
  LEFT JOIN api_token_municipality m ON m.token_id = t.id
  LEFT JOIN organisation o ON o.id = m.organisation_id
 GROUP BY t.id
 ORDER BY t.id;

-- TokensRepository.lockForRevoke
--   $1: token id
SELECT id, name, role, revoked_at AS "revokedAt"
  FROM api_token
 WHERE id = $1::int
   FOR UPDATE;

-- TokensRepository.revoke
--   $1: token id
UPDATE api_token SET revoked_at = now() WHERE id = $1::int RETURNING revoked_at AS "revokedAt";

-- TokensRepository.municipalitiesByCode
--   $1: municipality codes
SELECT id, code
  FROM organisation
 WHERE kind = 'MUNICIPALITY' AND code = ANY($1::text[]) AND merged_into_id IS NULL;

-- TokensRepository.nextId
SELECT nextval(pg_get_serial_sequence('api_token', 'id'))::int AS id;

-- TokensRepository.insert
--   $1: id
--   $2: name
--   $3: role
--   $4: kind
--   $5: secret hash
--   $6: expires at
INSERT INTO api_token (id, name, role, kind, secret_hash, expires_at)
VALUES ($1::int, $2::text, $3::actor_role, $4::token_kind, $5::char(64), $6::timestamptz);

-- TokensRepository.insertMunicipalities
--   $1: token id
--   $2: organisation ids
INSERT INTO api_token_municipality (token_id, organisation_id)
SELECT $1::int, unnest($2::int[]);
