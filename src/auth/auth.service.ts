import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors';
import { type RequestContext } from '../common/loader-registry';
import { rowsOf } from '../common/sql';
import { type Actor } from './actor';
import { ActorRole, TokenKind } from './auth.enums';
import { apiKeyMatches, newApiKey, parseBearer, signJwt } from './token-codec';

export class UnauthenticatedError extends DomainError {
  constructor(reason: string) {
    super(ErrorCode.UNAUTHENTICATED, `Authentication required: ${reason}`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
}

interface TokenRow {
  id: number;
  name: string;
  role: ActorRole;
  kind: TokenKind;
  secret_hash: string | null;
  expired: boolean;
  revoked: boolean;
  municipality_ids: number[];
}

const TOKEN_BY_ID = `
  SELECT t.id, t.name, t.role, t.kind, t.secret_hash,
         t.expires_at IS NOT NULL AND t.expires_at <= now() AS expired,
         t.revoked_at IS NOT NULL AS revoked,
         COALESCE(array_agg(m.organisation_id ORDER BY m.organisation_id)
                  FILTER (WHERE m.organisation_id IS NOT NULL), '{}') AS municipality_ids
    FROM api_token t
    LEFT JOIN api_token_municipality m ON m.token_id = t.id
   WHERE t.id = $1
   GROUP BY t.id`;

export interface IssuedToken {
  id: number;
  token: string;
  kind: TokenKind;
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export type AuthConfig = Pick<AppConfig, 'JWT_SECRET'>;

/** Bearer tokens: who a request acts as, and issuing and revoking tokens. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * The caller, or UNAUTHENTICATED. Looked up once per request and only when
   * something needs it: reads are public and never touch the token tables.
   */
  requireActor(ctx: RequestContext): Promise<Actor> {
    ctx.actor ??= this.resolve(ctx);
    return ctx.actor;
  }

  private async resolve(ctx: RequestContext): Promise<Actor> {
    const headers = (ctx.req as { headers?: Record<string, string | string[] | undefined> })
      ?.headers;
    const header = headers?.authorization;
    if (typeof header !== 'string' || header === '')
      throw new UnauthenticatedError('send "Authorization: Bearer <token>"');
    const parsed = parseBearer(header, this.config.JWT_SECRET);
    if (parsed.kind === 'INVALID') throw new UnauthenticatedError(parsed.reason);
    const rows: TokenRow[] = await this.ds.query(TOKEN_BY_ID, [parsed.tokenId]);
    const row = rows[0];
    if (!row || row.kind !== parsed.kind) throw new UnauthenticatedError('the token is not valid');
    if (parsed.kind === 'API_KEY' && !apiKeyMatches(parsed.key, row.secret_hash ?? ''))
      throw new UnauthenticatedError('the token is not valid');
    if (row.revoked) throw new UnauthenticatedError('the token has been revoked');
    if (row.expired) throw new UnauthenticatedError('the token has expired');
    return {
      tokenId: row.id,
      name: row.name,
      role: row.role,
      municipalityIds: row.municipality_ids,
    };
  }

  /**
   * Stores a token and returns it; the secret is shown only here. A
   * coordinator's municipalities are given by their three-digit codes.
   */
  async issue(options: {
    name: string;
    role: ActorRole;
    kind: TokenKind;
    municipalityCodes: string[];
    expiresAt?: Date | null;
  }): Promise<IssuedToken> {
    return issueToken(this.ds.manager, { ...options, jwtSecret: this.config.JWT_SECRET });
  }

  /** Revokes a token inside a write; true when it was active. NOT_FOUND for an unknown id. */
  async revoke(w: { manager: EntityManager; audit(entry: TokenAuditEntry): void }, id: number) {
    return revokeToken(w.manager, id, (entry) => w.audit(entry));
  }
}

export type TokenAuditEntry = {
  entityType: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** Shared by the service and the token CLI. The audit rows never hold the key's hash. */
export async function revokeToken(
  manager: EntityManager,
  id: number,
  audit?: (entry: TokenAuditEntry) => void,
): Promise<boolean> {
  const rows: { id: number; name: string; role: string; revoked_at: Date | null }[] =
    await manager.query(
      `SELECT id, name, role, revoked_at FROM api_token WHERE id = $1 FOR UPDATE`,
      [id],
    );
  if (rows.length === 0) throw new NotFoundError('Token', id);
  if (rows[0].revoked_at) return false;
  const [{ revoked_at }] = await rowsOf<{ revoked_at: Date }>(
    manager,
    `UPDATE api_token SET revoked_at = now() WHERE id = $1 RETURNING revoked_at`,
    [id],
  );
  const { name, role } = rows[0];
  audit?.({
    entityType: 'ApiToken',
    entityId: id,
    before: { id, name, role, revokedAt: null },
    after: { id, name, role, revokedAt: revoked_at.toISOString() },
  });
  return true;
}

/** Shared by the service and the token CLI, which runs without the Nest app. */
export async function issueToken(
  manager: EntityManager,
  options: {
    name: string;
    role: ActorRole;
    kind: TokenKind;
    municipalityCodes: string[];
    expiresAt?: Date | null;
    jwtSecret?: string;
  },
): Promise<IssuedToken> {
  if (options.role === ActorRole.COORDINATOR && options.municipalityCodes.length === 0)
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      'A coordinator needs at least one municipality',
    );
  if (options.role === ActorRole.ADMIN && options.municipalityCodes.length > 0)
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'An administrator acts for every municipality');
  if (options.kind === TokenKind.JWT && !options.jwtSecret)
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'JWTs need JWT_SECRET to be set');
  return manager.transaction(async (tx) => {
    const municipalities: { id: number; code: string }[] = options.municipalityCodes.length
      ? await tx.query(
          `SELECT id, code FROM organisation WHERE kind = 'MUNICIPALITY' AND code = ANY($1) AND merged_into_id IS NULL`,
          [options.municipalityCodes],
        )
      : [];
    const missing = options.municipalityCodes.filter(
      (c) => !municipalities.some((m) => m.code === c),
    );
    if (missing.length)
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        `No current municipality has the code ${missing.join(', ')}`,
      );
    // The id is part of an API key, so it is taken before the row is written.
    const [{ id }]: { id: number }[] = await tx.query(
      `SELECT nextval(pg_get_serial_sequence('api_token', 'id'))::int AS id`,
    );
    let token: string;
    let hash: string | null = null;
    if (options.kind === TokenKind.API_KEY) {
      const key = newApiKey(id);
      token = key.key;
      hash = key.hash;
    } else {
      token = signJwt(id, options.jwtSecret!, {
        name: options.name,
        role: options.role,
        expiresAt: options.expiresAt,
      });
    }
    await tx.query(
      `INSERT INTO api_token (id, name, role, kind, secret_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, options.name, options.role, options.kind, hash, options.expiresAt ?? null],
    );
    if (municipalities.length)
      await tx.query(
        `INSERT INTO api_token_municipality (token_id, organisation_id) SELECT $1, unnest($2::int[])`,
        [id, municipalities.map((m) => m.id)],
      );
    return { id, token, kind: options.kind };
  });
}
