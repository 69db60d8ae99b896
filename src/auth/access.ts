import { type Actor, actsFor, isAdmin } from './actor';
import { ForbiddenError } from './auth.service';

/*
 * Who may call an operation, said one way (docs/write-path.md, "Who writes"). A write service
 * calls one of these as the first line of the work it hands to MutationRunner, once the rows that
 * decide it are loaded; an admin-only read (the audit trail) calls it on the request's actor. Each
 * throws FORBIDDEN; a request without a valid token never gets here (UNAUTHENTICATED first).
 */

/** FORBIDDEN unless the actor is an administrator. `action` completes "Only an administrator may …". */
export function assertMayAdminister(actor: Actor, action: string): void {
  if (!isAdmin(actor)) throw new ForbiddenError(`Only an administrator may ${action}`);
}

/**
 * FORBIDDEN unless the actor may write for at least one of the projects: an administrator, or a
 * coordinator of a municipality that takes part in one of them directly.
 */
export function assertActsForAnyProject(
  actor: Actor,
  projects: readonly { participantIds: readonly number[] }[],
): void {
  if (!projects.some((p) => actsFor(actor, p.participantIds)))
    throw new ForbiddenError(
      projects.length === 1
        ? 'A coordinator may only change projects its municipalities take part in'
        : 'A coordinator may only act for projects its municipalities take part in',
    );
}
