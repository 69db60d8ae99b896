import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Queryable, rowsOf } from '../common/statements';
import { ActorRole, TokenKind } from './auth.enums';
import {
  TOKENS_SQL,
  type TokenListRow,
  type TokenRow,
  type TokenToRevokeRow,
} from './sql/tokens.statements';

/**
 * The api_token tables. Reads of a request's caller go to the DataSource; the writes take the
 * `Queryable` of the transaction they belong to. The token CLI builds one with `new` (no Nest).
 */
@Injectable()
export class TokensRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Never from a replica: a token revoked a moment ago must fail at once, on every instance. */
  async readForCaller(id: number): Promise<TokenRow | null> {
    const [row] = await rowsOf(this.ds, TOKENS_SQL.byId, [id]);
    return row ?? null;
  }

  readList(): Promise<TokenListRow[]> {
    return rowsOf(this.ds, TOKENS_SQL.list, []);
  }

  /** Runs `work` in a transaction of its own (issuing a token writes two tables). */
  inTransaction<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    return this.ds.transaction((manager) => work(manager));
  }

  async lockForRevoke(db: Queryable, id: number): Promise<TokenToRevokeRow | null> {
    const [row] = await rowsOf(db, TOKENS_SQL.lockForRevoke, [id]);
    return row ?? null;
  }

  async writeRevoked(db: Queryable, id: number): Promise<Date> {
    const [row] = await rowsOf(db, TOKENS_SQL.revoke, [id]);
    return row.revokedAt;
  }

  readCurrentMunicipalities(
    db: Queryable,
    codes: string[],
  ): Promise<{ id: number; code: string }[]> {
    return rowsOf(db, TOKENS_SQL.municipalitiesByCode, [codes]);
  }

  async takeNextId(db: Queryable): Promise<number> {
    const [row] = await rowsOf(db, TOKENS_SQL.nextId, []);
    return row.id;
  }

  async writeToken(
    db: Queryable,
    t: {
      id: number;
      name: string;
      role: ActorRole;
      kind: TokenKind;
      secretHash: string | null;
      expiresAt: Date | null;
    },
  ): Promise<void> {
    await rowsOf(db, TOKENS_SQL.insert, [t.id, t.name, t.role, t.kind, t.secretHash, t.expiresAt]);
  }

  async writeMunicipalities(
    db: Queryable,
    tokenId: number,
    organisationIds: number[],
  ): Promise<void> {
    if (organisationIds.length)
      await rowsOf(db, TOKENS_SQL.insertMunicipalities, [tokenId, organisationIds]);
  }
}
