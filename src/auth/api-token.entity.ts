import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ActorRole, TokenKind } from './auth.enums';

/**
 * A bearer token that may write. The row, not the token's claims, is the
 * authority: role, scope and revocation are read from here on every write.
 */
@Entity()
@Check('api_token_key_has_hash', `kind <> 'API_KEY' OR secret_hash IS NOT NULL`)
export class ApiToken {
  @PrimaryGeneratedColumn()
  id: number;

  /** Who holds it, e.g. "Tuusula ICT coordinator"; shown in the audit trail. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: ActorRole, enumName: 'actor_role' })
  role: ActorRole;

  @Column({ type: 'enum', enum: TokenKind, enumName: 'token_kind' })
  kind: TokenKind;

  /** SHA-256 (hex) of an API key; null for JWTs. */
  @Column({ type: 'char', length: 64, nullable: true })
  secretHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

/** The municipalities a coordinator's token acts for. */
@Entity()
export class ApiTokenMunicipality {
  @Column({ primary: true, type: 'integer' })
  tokenId: number;

  @Index()
  @Column({ primary: true, type: 'integer' })
  organisationId: number;

  @ManyToOne(() => ApiToken, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'token_id' })
  token?: ApiToken;

  // Named, not imported: auth/ sits below organisations/ in the folder graph.
  @ManyToOne('Organisation')
  @JoinColumn({ name: 'organisation_id' })
  organisation?: object;
}
