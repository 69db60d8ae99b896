-- The SQL that AuditRepository sends, from src/audit/sql/audit.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- AuditRepository.trailForward
--   $1: entity type
--   $2: entity id
--   $3: actor token id
--   $4: after id
--   $5: before id
--   $6: limit
SELECT ae.id::text AS id, ae.occurred_at AS "occurredAt", ae.actor_token_id AS "actorTokenId",
       ae.actor_name AS "actorName", ae.actor_role AS "actorRole", ae.operation,
       ae.entity_type AS "entityType", ae.entity_id AS "entityId", ae.before, ae.after, ae.reason
  FROM audit_event ae
 WHERE ($1::text IS NULL OR (ae.entity_type = $1 AND ae.entity_id = $2::int))
   AND ($3::int IS NULL OR ae.actor_token_id = $3)
   AND ($4::bigint IS NULL OR ae.id > $4) AND ($5::bigint IS NULL OR ae.id < $5)
 ORDER BY ae.id
 LIMIT $6::int;

-- AuditRepository.trailBackward
--   $1: entity type
--   $2: entity id
--   $3: actor token id
--   $4: after id
--   $5: before id
--   $6: limit
SELECT ae.id::text AS id, ae.occurred_at AS "occurredAt", ae.actor_token_id AS "actorTokenId",
       ae.actor_name AS "actorName", ae.actor_role AS "actorRole", ae.operation,
       ae.entity_type AS "entityType", ae.entity_id AS "entityId", ae.before, ae.after, ae.reason
  FROM audit_event ae
 WHERE ($1::text IS NULL OR (ae.entity_type = $1 AND ae.entity_id = $2::int))
   AND ($3::int IS NULL OR ae.actor_token_id = $3)
   AND ($4::bigint IS NULL OR ae.id > $4) AND ($5::bigint IS NULL OR ae.id < $5)
 ORDER BY ae.id DESC
 LIMIT $6::int;

-- AuditRepository.trailCount
--   $1: entity type
--   $2: entity id
--   $3: actor token id
SELECT count(*)::int AS n
  FROM audit_event ae
 WHERE ($1::text IS NULL OR (ae.entity_type = $1 AND ae.entity_id = $2::int))
   AND ($3::int IS NULL OR ae.actor_token_id = $3);

-- AuditRepository.insertEventsAndMessages
--   $1: actor token id
--   $2: actor name
--   $3: actor role
--   $4: operation
--   $5: entity types
--   $6: entity ids
--   $7: before (JSON texts)
--   $8: after (JSON texts)
--   $9: reasons
--   $10: change messages (JSON texts)
WITH audit AS (
  INSERT INTO audit_event (actor_token_id, actor_name, actor_role, operation, entity_type, entity_id, before, after, reason)
  SELECT $1::int, $2::text, $3::actor_role, $4::text, e.entity_type, e.entity_id, e.before::jsonb, e.after::jsonb, e.reason
    FROM unnest($5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS e(entity_type, entity_id, before, after, reason, n)
   ORDER BY e.n
)
INSERT INTO change_outbox (payload) SELECT unnest($10::text[]);

-- AuditRepository.claimKey
--   $1: token id
--   $2: key
--   $3: operation
--   $4: request hash
INSERT INTO idempotency_record (token_id, key, operation, request_hash)
VALUES ($1::int, $2::text, $3::text, $4::char(64))
ON CONFLICT DO NOTHING
RETURNING 1 AS claimed;

-- AuditRepository.keyRecord
--   $1: token id
--   $2: key
--   $3: hours kept
SELECT operation, request_hash AS "requestHash", result,
       created_at < now() - make_interval(hours => $3::int) AS expired
  FROM idempotency_record
 WHERE token_id = $1::int AND key = $2::text;

-- AuditRepository.reclaimKey
--   $1: token id
--   $2: key
--   $3: operation
--   $4: request hash
UPDATE idempotency_record
   SET operation = $3::text, request_hash = $4::char(64), result = NULL, created_at = now()
 WHERE token_id = $1::int AND key = $2::text;

-- AuditRepository.storeResult
--   $1: token id
--   $2: key
--   $3: result (JSON text)
UPDATE idempotency_record SET result = $3::jsonb WHERE token_id = $1::int AND key = $2::text;

-- AuditRepository.sweepKeys
--   $1: hours kept
DELETE FROM idempotency_record WHERE created_at < now() - make_interval(hours => $1::int);

-- AuditRepository.organisationKinds
--   $1: organisation ids
SELECT id, kind::text AS kind FROM organisation WHERE id = ANY($1::int[]);
