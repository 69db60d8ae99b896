import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors';
import { type RequestContext } from '../common/loader-registry';
import { type Queryable } from '../common/statements';
import { type Actor } from './actor';
import { ActorRole, TokenKind } from './auth.enums';
import { apiKeyMatches, newApiKey, parseBearer, signJwt } from './token-codec';
import { TokensRepository } from './tokens.repository';

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
  /** The caller of each request, looked up once (the context lives as long as the request). */
  private readonly actors = new WeakMap<RequestContext, Promise<Actor>>();

  constructor(
    private readonly tokens: TokensRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * The caller, or UNAUTHENTICATED. Looked up once per request and only when
   * something needs it: reads are public and never touch the token tables.
   */
  requireActor(ctx: RequestContext): Promise<Actor> {
    let actor = this.actors.get(ctx);
    if (!actor) {
      actor = this.resolve(ctx);
      this.actors.set(ctx, actor);
    }
    return actor;
  }

  private async resolve(ctx: RequestContext): Promise<Actor> {
    const headers = (ctx.req as { headers?: Record<string, string | string[] | undefined> })
      ?.headers;
    const header = headers?.authorization;
    if (typeof header !== 'string' || header === '')
      throw new UnauthenticatedError('send "Authorization: Bearer <token>"');
    const parsed = parseBearer(header, this.config.JWT_SECRET);
    if (parsed.kind === 'INVALID') throw new UnauthenticatedError(parsed.reason);
    const row = await this.tokens.readForCaller(parsed.tokenId);
    if (!row || row.kind !== parsed.kind) throw new UnauthenticatedError('the token is not valid');
    if (parsed.kind === 'API_KEY' && !apiKeyMatches(parsed.key, row.secretHash ?? ''))
      throw new UnauthenticatedError('the token is not valid');
    if (row.revoked) throw new UnauthenticatedError('the token has been revoked');
    if (row.expired) throw new UnauthenticatedError('the token has expired');
    return {
      tokenId: row.id,
      name: row.name,
      role: row.role,
      municipalityIds: row.municipalityIds,
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
    return issueToken(this.tokens, { ...options, jwtSecret: this.config.JWT_SECRET });
  }

  /** Revokes a token inside a write; true when it was active. NOT_FOUND for an unknown id. */
  async revoke(w: { manager: Queryable; audit(entry: TokenAuditEntry): void }, id: number) {
    return revokeToken(this.tokens, w.manager, id, (entry) => w.audit(entry));
  }
}

export type TokenAuditEntry = {
  entityType: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/**
 * Shared by the service and the token CLI; `db` is the write's transaction. The audit rows never
 * hold the key's hash.
 */
export async function revokeToken(
  tokens: TokensRepository,
  db: Queryable,
  id: number,
  audit?: (entry: TokenAuditEntry) => void,
): Promise<boolean> {
  const token = await tokens.lockForRevoke(db, id);
  if (!token) throw new NotFoundError('Token', id);
  if (token.revokedAt) return false;
  const revokedAt = await tokens.writeRevoked(db, id);
  const { name, role } = token;
  audit?.({
    entityType: 'ApiToken',
    entityId: id,
    before: { id, name, role, revokedAt: null },
    after: { id, name, role, revokedAt: revokedAt.toISOString() },
  });
  return true;
}

/** Shared by the service and the token CLI, which runs without the Nest app. */
export async function issueToken(
  tokens: TokensRepository,
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
  return tokens.inTransaction(async (tx) => {
    const municipalities = options.municipalityCodes.length
      ? await tokens.readCurrentMunicipalities(tx, options.municipalityCodes)
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
    const id = await tokens.takeNextId(tx);
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
    await tokens.writeToken(tx, {
      id,
      name: options.name,
      role: options.role,
      kind: options.kind,
      secretHash: hash,
      expiresAt: options.expiresAt ?? null,
    });
    await tokens.writeMunicipalities(
      tx,
      id,
      municipalities.map((m) => m.id),
    );
    return { id, token, kind: options.kind };
  });
}
