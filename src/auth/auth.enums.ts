/** Plain enums (no framework imports), shared by entities, the schema and the token CLI. */
export enum ActorRole {
  /** Ministry administrator: may do everything. */
  ADMIN = 'ADMIN',
  /** Municipal project coordinator: writes only for projects its municipalities take part in. */
  COORDINATOR = 'COORDINATOR',
}

export enum TokenKind {
  /** An opaque random key; only its SHA-256 hash is stored. */
  API_KEY = 'API_KEY',
  /** A JWT signed with JWT_SECRET; its `jti` names the stored token, so it can be revoked. */
  JWT = 'JWT',
}
