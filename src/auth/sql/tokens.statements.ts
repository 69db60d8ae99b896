import { sql, statementSet } from '../../common/statements';
import { ActorRole, TokenKind } from '../auth.enums';

/**
 * Every statement of TokensRepository (the api_token tables). Rendered into
 * src/queries/tokens.repository.sql by `npm run sql`.
 */

/** A token as a request's caller is checked against it. */
export interface TokenRow {
  id: number;
  name: string;
  role: ActorRole;
  kind: TokenKind;
  secretHash: string | null;
  expired: boolean;
  revoked: boolean;
  municipalityIds: number[];
}

/** A token as revoking sees it, locked. */
export interface TokenToRevokeRow {
  id: number;
  name: string;
  role: ActorRole;
  revokedAt: Date | null;
}

/** A token as `npm run token -- list` prints it. */
export interface TokenListRow {
  id: number;
  name: string;
  role: ActorRole;
  kind: TokenKind;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  municipalities: string | null;
}

export const TOKENS_SQL = statementSet('tokens.repository', 'TokensRepository', {
  byId: sql<TokenRow, [id: number]>(
    ['token id'],
    `
    SELECT t.id, t.name, t.role, t.kind, t.secret_hash AS "secretHash",
           t.expires_at IS NOT NULL AND t.expires_at <= now() AS expired,
           t.revoked_at IS NOT NULL AS revoked,
           COALESCE(array_agg(m.organisation_id ORDER BY m.organisation_id)
                    FILTER (WHERE m.organisation_id IS NOT NULL), '{}') AS "municipalityIds"
      FROM api_token t
      LEFT JOIN api_token_municipality m ON m.token_id = t.id
     WHERE t.id = $1::int
     GROUP BY t.id`,
  ),

  list: sql<TokenListRow, []>(
    [],
    `
    SELECT t.id, t.name, t.role, t.kind, t.created_at AS "createdAt", t.expires_at AS "expiresAt",
           t.revoked_at AS "revokedAt", string_agg(o.code, ',' ORDER BY o.code) AS municipalities
      FROM api_token t
      LEFT JOIN api_token_municipality m ON m.token_id = t.id
      LEFT JOIN organisation o ON o.id = m.organisation_id
     GROUP BY t.id
     ORDER BY t.id`,
  ),

  lockForRevoke: sql<TokenToRevokeRow, [id: number]>(
    ['token id'],
    `
    SELECT id, name, role, revoked_at AS "revokedAt"
      FROM api_token
     WHERE id = $1::int
       FOR UPDATE`,
  ),

  revoke: sql<{ revokedAt: Date }, [id: number]>(
    ['token id'],
    `UPDATE api_token SET revoked_at = now() WHERE id = $1::int RETURNING revoked_at AS "revokedAt"`,
  ),

  /** Current (not merged) municipalities with these codes. */
  municipalitiesByCode: sql<{ id: number; code: string }, [codes: string[]]>(
    ['municipality codes'],
    `
    SELECT id, code
      FROM organisation
     WHERE kind = 'MUNICIPALITY' AND code = ANY($1::text[]) AND merged_into_id IS NULL`,
  ),

  /** The id is part of an API key, so it is taken before the row is written. */
  nextId: sql<{ id: number }, []>(
    [],
    `SELECT nextval(pg_get_serial_sequence('api_token', 'id'))::int AS id`,
  ),

  insert: sql<
    never,
    [
      id: number,
      name: string,
      role: ActorRole,
      kind: TokenKind,
      secretHash: string | null,
      expiresAt: Date | null,
    ]
  >(
    ['id', 'name', 'role', 'kind', 'secret hash', 'expires at'],
    `
    INSERT INTO api_token (id, name, role, kind, secret_hash, expires_at)
    VALUES ($1::int, $2::text, $3::actor_role, $4::token_kind, $5::char(64), $6::timestamptz)`,
  ),

  insertMunicipalities: sql<never, [tokenId: number, organisationIds: number[]]>(
    ['token id', 'organisation ids'],
    `
    INSERT INTO api_token_municipality (token_id, organisation_id)
    SELECT $1::int, unnest($2::int[])`,
  ),
});
