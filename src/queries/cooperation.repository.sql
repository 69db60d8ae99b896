-- The SQL that CooperationRepository sends, from src/cooperation/sql/cooperation.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- CooperationRepository.commitmentsByIds (may be answered by a replica)
--   $1: commitment ids
SELECT id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
       provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
       verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
       created_at AS "createdAt", updated_at AS "updatedAt"
  FROM cooperation_commitment
 WHERE id = ANY($1::int[]);

-- CooperationRepository.commitmentsOfProjects (may be answered by a replica)
--   $1: project ids
SELECT id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
       provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
       verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
       created_at AS "createdAt", updated_at AS "updatedAt"
  FROM cooperation_commitment
 WHERE project_a_id = ANY($1::int[]) OR project_b_id = ANY($1::int[])
 ORDER BY id;

-- CooperationRepository.historyOf (may be answered by a replica)
--   $1: commitment ids
SELECT id, commitment_id AS "commitmentId", from_status AS "fromStatus", to_status AS "toStatus",
       changed_at AS "changedAt", changed_by AS "changedBy", reason
  FROM commitment_status_change
 WHERE commitment_id = ANY($1::int[])
 ORDER BY id;

-- CooperationRepository.reuseLinksByIds (may be answered by a replica)
--   $1: reuse link ids
SELECT id, project_id AS "projectId", source_project_id AS "sourceProjectId",
       source_output AS "sourceOutput", description, evidence_url AS "evidenceUrl",
       created_at AS "createdAt"
  FROM reuse_link
 WHERE id = ANY($1::int[]);

-- CooperationRepository.reuseLinksOfProjects (may be answered by a replica)
--   $1: project ids
SELECT id, project_id AS "projectId", source_project_id AS "sourceProjectId",
       source_output AS "sourceOutput", description, evidence_url AS "evidenceUrl",
       created_at AS "createdAt"
  FROM reuse_link
 WHERE project_id = ANY($1::int[])
 ORDER BY id;

-- CooperationRepository.record
--   $1: project a id (the smaller)
--   $2: project b id
--   $3: kind
--   $4: status
--   $5: provenance
--   $6: note
--   $7: evidence url
--   $8: committed on
--   $9: verified by the recorder
--   $10: recorded by
WITH c AS (
  INSERT INTO cooperation_commitment
    (project_a_id, project_b_id, kind, status, provenance, note, evidence_url, committed_on,
     verified_at, verified_by)
  VALUES ($1, $2, $3::commitment_kind, $4::commitment_status, $5::commitment_provenance, $6, $7,
          $8::date, CASE WHEN $9::boolean THEN now() END, CASE WHEN $9::boolean THEN $10::text END)
  ON CONFLICT ON CONSTRAINT cooperation_commitment_pair_kind_key DO NOTHING
  RETURNING *),
h AS (
  INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by)
  SELECT id, NULL, status, $10::text FROM c)
SELECT id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
       provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
       verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
       created_at AS "createdAt", updated_at AS "updatedAt" FROM c;

-- CooperationRepository.idOfPair
--   $1: project a id (the smaller)
--   $2: project b id
--   $3: kind
SELECT id FROM cooperation_commitment
 WHERE project_a_id = $1 AND project_b_id = $2 AND kind = $3::commitment_kind;

-- CooperationRepository.lock
--   $1: commitment id
SELECT id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
       provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
       verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
       created_at AS "createdAt", updated_at AS "updatedAt"
  FROM cooperation_commitment
 WHERE id = $1
   FOR UPDATE;

-- CooperationRepository.changeStatus
--   $1: commitment id
--   $2: new status
--   $3: status before
--   $4: changed by
--   $5: reason
WITH c AS (
  UPDATE cooperation_commitment
     SET status = $2::commitment_status, version = version + 1, updated_at = now()
   WHERE id = $1
  RETURNING *),
h AS (
  INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by, reason)
  SELECT id, $3::commitment_status, status, $4::text, $5::text FROM c)
SELECT id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
       provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
       verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
       created_at AS "createdAt", updated_at AS "updatedAt" FROM c;

-- CooperationRepository.verify
--   $1: commitment id
--   $2: verified by
UPDATE cooperation_commitment
   SET provenance = 'VERIFIED', verified_at = now(), verified_by = $2,
       version = version + 1, updated_at = now()
 WHERE id = $1
RETURNING id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
       provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
       verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
       created_at AS "createdAt", updated_at AS "updatedAt";

-- CooperationRepository.recordReuseLink
--   $1: project id
--   $2: source project id
--   $3: source output
--   $4: description
--   $5: evidence url
INSERT INTO reuse_link (project_id, source_project_id, source_output, description, evidence_url)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, project_id AS "projectId", source_project_id AS "sourceProjectId",
       source_output AS "sourceOutput", description, evidence_url AS "evidenceUrl",
       created_at AS "createdAt";
