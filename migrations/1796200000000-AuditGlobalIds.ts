import { MigrationInterface, QueryRunner } from 'typeorm';
import { apiView, organisationIdsIn, type OrganisationTypes } from '../src/audit/audit-view';

type Json = Record<string, unknown> | null;

/**
 * Audit rows written before the API view (src/audit/audit-view.ts) held
 * database ids under the entities' property names; they are rewritten with the
 * API's global ids and field names, as new rows are written. Rows already in
 * that form are left as they are, so running it twice changes nothing.
 */
export class AuditGlobalIds1796200000000 implements MigrationInterface {
  name = 'AuditGlobalIds1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    let last = '0';
    for (;;) {
      const rows: { id: string; entity_type: string; before: Json; after: Json }[] =
        await queryRunner.query(
          `SELECT id::text AS id, entity_type, before, after FROM audit_event
            WHERE id > $1::bigint ORDER BY id LIMIT 1000`,
          [last],
        );
      if (!rows.length) return;
      last = rows[rows.length - 1].id;
      const ids = rows.flatMap((r) => [
        ...organisationIdsIn(r.before),
        ...organisationIdsIn(r.after),
      ]);
      const kinds: { id: number; kind: string }[] = ids.length
        ? await queryRunner.query(`SELECT id, kind FROM organisation WHERE id = ANY($1::int[])`, [
            [...new Set(ids)],
          ])
        : [];
      const orgs: OrganisationTypes = new Map(
        kinds.map((k) => [k.id, k.kind === 'JOINT_AUTHORITY' ? 'JointAuthority' : 'Municipality']),
      );
      for (const r of rows) {
        const before = apiView(r.entity_type, r.before, orgs);
        const after = apiView(r.entity_type, r.after, orgs);
        if (
          JSON.stringify(before) === JSON.stringify(r.before) &&
          JSON.stringify(after) === JSON.stringify(r.after)
        )
          continue;
        await queryRunner.query(
          `UPDATE audit_event SET before = $2::jsonb, after = $3::jsonb WHERE id = $1::bigint`,
          [r.id, before && JSON.stringify(before), after && JSON.stringify(after)],
        );
      }
    }
  }

  public async down(): Promise<void> {
    // Nothing reads the old form, and the API view holds every id the old one did.
  }
}
