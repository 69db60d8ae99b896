import { sql, statementSet } from '../../common/statements';
import { LanguageStatus, OrganisationKind } from '../organisation.enums';

/**
 * Every statement of OrganisationsRepository (organisations and joint authorities' members).
 * Rendered into src/queries/organisations.repository.sql by `npm run sql`.
 */

/** An organisation row, named as the Organisation entity's properties. */
export interface OrganisationRow {
  id: number;
  kind: OrganisationKind;
  code: string | null;
  nameFi: string;
  nameSv: string | null;
  nameEn: string | null;
  regionCode: string | null;
  languageStatus: LanguageStatus | null;
  population2019: number | null;
  mergedIntoId: number | null;
  mergedOn: string | null;
  sourceKey: string;
  synthetic: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The organisation table's columns as OrganisationRow names them, for `o`. */
export const ORGANISATION_COLUMNS = `o.id, o.kind, o.code, o.name_fi AS "nameFi", o.name_sv AS "nameSv",
           o.name_en AS "nameEn", o.region_code AS "regionCode", o.language_status AS "languageStatus",
           o.population2019 AS "population2019", o.merged_into_id AS "mergedIntoId",
           o.merged_on AS "mergedOn", o.source_key AS "sourceKey", o.synthetic, o.version,
           o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** An organisation with the id it was looked up by (a joint authority's, or a member's). */
export type LinkedOrganisationRow = OrganisationRow & { linkedId: number };

const PAGE_PARAMS = ['after id', 'before id', 'limit'] as const;
type PageParams = [after: number | null, before: number | null, limit: number];

export const ORGANISATIONS_SQL = statementSet(
  'organisations.repository',
  'OrganisationsRepository',
  {
    byIds: sql<OrganisationRow, [ids: number[]]>(
      ['ids'],
      `
    SELECT ${ORGANISATION_COLUMNS}
      FROM organisation o
     WHERE o.id = ANY($1::int[])`,
      { replica: true },
    ),

    jointAuthoritiesForward: sql<OrganisationRow, PageParams>(
      [...PAGE_PARAMS],
      `
    SELECT ${ORGANISATION_COLUMNS}
      FROM organisation o
     WHERE o.kind = 'JOINT_AUTHORITY'
       AND ($1::int IS NULL OR o.id > $1) AND ($2::int IS NULL OR o.id < $2)
     ORDER BY o.id
     LIMIT $3::int`,
      { replica: true },
    ),

    jointAuthoritiesBackward: sql<OrganisationRow, PageParams>(
      [...PAGE_PARAMS],
      `
    SELECT ${ORGANISATION_COLUMNS}
      FROM organisation o
     WHERE o.kind = 'JOINT_AUTHORITY'
       AND ($1::int IS NULL OR o.id > $1) AND ($2::int IS NULL OR o.id < $2)
     ORDER BY o.id DESC
     LIMIT $3::int`,
      { replica: true },
    ),

    jointAuthorityCount: sql<{ n: number }, []>(
      [],
      `SELECT count(*)::int AS n FROM organisation WHERE kind = 'JOINT_AUTHORITY'`,
      { replica: true },
    ),

    /** Member municipalities of the joint authorities (linkedId: the joint authority), by id. */
    membersOf: sql<LinkedOrganisationRow, [jointAuthorityIds: number[]]>(
      ['joint authority ids'],
      `
    SELECT m.joint_authority_id AS "linkedId", ${ORGANISATION_COLUMNS}
      FROM joint_authority_member m
      JOIN organisation o ON o.id = m.municipality_id
     WHERE m.joint_authority_id = ANY($1::int[])
     ORDER BY m.joint_authority_id, m.municipality_id`,
      { replica: true },
    ),

    /** Joint authorities the municipalities belong to (linkedId: the municipality), by id. */
    membershipsOf: sql<LinkedOrganisationRow, [municipalityIds: number[]]>(
      ['municipality ids'],
      `
    SELECT m.municipality_id AS "linkedId", ${ORGANISATION_COLUMNS}
      FROM joint_authority_member m
      JOIN organisation o ON o.id = m.joint_authority_id
     WHERE m.municipality_id = ANY($1::int[])
     ORDER BY m.municipality_id, m.joint_authority_id`,
      { replica: true },
    ),

    /** Which of these ids are municipalities. */
    municipalityIds: sql<{ id: number }, [ids: number[]]>(
      ['ids'],
      `SELECT id FROM organisation WHERE id = ANY($1::int[]) AND kind = 'MUNICIPALITY'`,
      { replica: true },
    ),

    insertJointAuthority: sql<
      OrganisationRow,
      [nameFi: string, nameSv: string | null, nameEn: string | null]
    >(
      ['nameFi', 'nameSv', 'nameEn'],
      `
    INSERT INTO organisation AS o (kind, name_fi, name_sv, name_en, source_key)
    VALUES ('JOINT_AUTHORITY', $1::text, $2::text, $3::text, 'api')
    RETURNING ${ORGANISATION_COLUMNS}`,
    ),

    lockJointAuthority: sql<OrganisationRow, [id: number]>(
      ['id'],
      `
    SELECT ${ORGANISATION_COLUMNS}
      FROM organisation o
     WHERE o.id = $1::int AND o.kind = 'JOINT_AUTHORITY'
       FOR UPDATE`,
    ),

    /** nameFi: null keeps it; nameSv and nameEn are set only when $5 and $6 say so. */
    updateJointAuthority: sql<
      OrganisationRow,
      [
        id: number,
        nameFi: string | null,
        nameSv: string | null,
        nameEn: string | null,
        setNameSv: boolean,
        setNameEn: boolean,
      ]
    >(
      ['id', 'nameFi (null: keep)', 'nameSv', 'nameEn', 'set nameSv', 'set nameEn'],
      `
    UPDATE organisation AS o
       SET name_fi = COALESCE($2::text, o.name_fi),
           name_sv = CASE WHEN $5::boolean THEN $3::text ELSE o.name_sv END,
           name_en = CASE WHEN $6::boolean THEN $4::text ELSE o.name_en END,
           version = o.version + 1, updated_at = now()
     WHERE o.id = $1::int
    RETURNING ${ORGANISATION_COLUMNS}`,
    ),

    memberIds: sql<{ municipalityId: number }, [jointAuthorityId: number]>(
      ['joint authority id'],
      `
    SELECT municipality_id AS "municipalityId"
      FROM joint_authority_member
     WHERE joint_authority_id = $1::int
     ORDER BY 1`,
      { replica: true },
    ),

    removeOtherMembers: sql<never, [jointAuthorityId: number, keep: number[]]>(
      ['joint authority id', 'members to keep'],
      `
    DELETE FROM joint_authority_member
     WHERE joint_authority_id = $1::int AND NOT (municipality_id = ANY($2::int[]))`,
    ),

    addMembers: sql<never, [jointAuthorityId: number, members: number[]]>(
      ['joint authority id', 'members'],
      `
    INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key)
    SELECT $1::int, unnest($2::int[]), 'api'
    ON CONFLICT DO NOTHING`,
    ),
  },
);
