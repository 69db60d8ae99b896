import { ActorRole } from './auth.enums';

/** Who is writing: the holder of a bearer token, or a command-line tool run on the server. */
export interface Actor {
  /** Null for a command-line tool (e.g. the CSV import), which has no token. */
  tokenId: number | null;
  name: string;
  role: ActorRole;
  /** The municipalities (organisation ids) a coordinator acts for; empty for an admin. */
  municipalityIds: readonly number[];
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === ActorRole.ADMIN;
}

/**
 * May this actor write for a project whose participants are these organisations?
 * Admins may write for every project; a coordinator for a project one of its
 * municipalities takes part in directly.
 */
export function actsFor(actor: Actor, participantIds: readonly number[]): boolean {
  return isAdmin(actor) || participantIds.some((id) => actor.municipalityIds.includes(id));
}
